package io.github.rallycongress.sync;

import io.github.rallycongress.generated.model.Address;
import io.github.rallycongress.generated.model.AddressType;
import io.github.rallycongress.generated.model.EmailOptin;
import io.github.rallycongress.generated.model.EmailStatus;
import io.github.rallycongress.generated.model.Phone;
import io.github.rallycongress.generated.model.Supporter;
import com.squareup.moshi.JsonWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import okio.Buffer;
import okio.BufferedSink;
import org.jspecify.annotations.Nullable;

/**
 * One supporter as the database stores it, with its addresses and phones.
 *
 * <p>{@link #from} is the only code of this module that reads the generated model: when the
 * model changes, this is the one place to adapt (a property the model gains compiles unnoticed and would
 * be lost: {@code SupporterRowTest} fails until it is stored). Enum values are kept as the text the server sent.
 * {@link #hash} covers every stored value, so a supporter read again unchanged is recognised
 * without reading its row back; {@link #childrenHash} covers the addresses and phones alone, so a
 * change to the supporter's own fields leaves their rows alone.
 */
record SupporterRow(
    String id,
    @Nullable String firstName,
    @Nullable String lastName,
    @Nullable String middleName,
    @Nullable String suffix,
    @Nullable String prefix,
    @Nullable String email,
    @Nullable String emailOptin,
    @Nullable String emailStatus,
    @Nullable String customId,
    @Nullable LocalDate joinDate,
    @Nullable OffsetDateTime updatedAt,
    @Nullable String unknownProperties,
    List<AddressRow> addresses,
    List<PhoneRow> phones,
    String childrenHash,
    String hash) {

  record AddressRow(@Nullable String addressType, @Nullable String street1, @Nullable String street2,
      @Nullable String street3, @Nullable String city, @Nullable String state, @Nullable String zipcode,
      @Nullable String zipplus, @Nullable String congressDistrict, @Nullable String unknownProperties) {
  }

  record PhoneRow(@Nullable String telephone, @Nullable String addressType, @Nullable String unknownProperties) {
  }

  /** One supporter's row; {@code hasher} is reused for the supporters of a page (one thread). */
  static SupporterRow from(Supporter s, Hasher hash) {
    List<AddressRow> addresses = new ArrayList<>();
    if (s.getAddresses() != null) {
      for (Address a : s.getAddresses()) {
        addresses.add(new AddressRow(raw(a.getAddressType()), a.getStreet1(), a.getStreet2(), a.getStreet3(),
            a.getCity(), a.getState(), a.getZipcode(), a.getZipplus(), a.getCongressDistrict(),
            json(a.getUnknownProperties())));
      }
    }
    List<PhoneRow> phones = new ArrayList<>();
    if (s.getPhones() != null) {
      for (Phone p : s.getPhones()) {
        phones.add(new PhoneRow(p.getTelephone(), raw(p.getAddressType()), json(p.getUnknownProperties())));
      }
    }
    OffsetDateTime updatedAt = s.getUpdatedAt() == null ? null : s.getUpdatedAt().withOffsetSameInstant(ZoneOffset.UTC);
    @Nullable String unknown = json(s.getUnknownProperties());
    String optin = raw(s.getEmailOptin());
    String status = raw(s.getEmailStatus());
    // The children's hash first (a digest starts the hasher anew), then the whole supporter's.
    // Unknown properties are hashed in their names' order, not the order sent (which a server need
    // not keep): re-read in another order, a supporter is unchanged. They are stored as sent.
    hash.add(addresses.size());
    int index = 0;
    for (AddressRow a : addresses) {
      hash.add(a.addressType).add(a.street1).add(a.street2).add(a.street3).add(a.city).add(a.state).add(a.zipcode)
          .add(a.zipplus).add(a.congressDistrict).add(sortedJson(s.getAddresses().get(index++).getUnknownProperties()));
    }
    hash.add(phones.size());
    index = 0;
    for (PhoneRow p : phones) {
      hash.add(p.telephone).add(p.addressType).add(sortedJson(s.getPhones().get(index++).getUnknownProperties()));
    }
    String childrenHash = hash.digest();
    hash.add(s.getId()).add(s.getFirstName()).add(s.getLastName()).add(s.getMiddleName()).add(s.getSuffix())
        .add(s.getPrefix()).add(s.getEmail()).add(optin).add(status).add(s.getCustomId())
        .add(s.getJoinDate()).add(updatedAt).add(sortedJson(s.getUnknownProperties())).add(childrenHash);
    return new SupporterRow(s.getId(), s.getFirstName(), s.getLastName(), s.getMiddleName(), s.getSuffix(),
        s.getPrefix(), s.getEmail(), optin, status, s.getCustomId(), s.getJoinDate(), updatedAt, unknown,
        List.copyOf(addresses), List.copyOf(phones), childrenHash, hash.digest());
  }

  /**
   * Whether a copy updated at {@code candidate} is older than one updated at {@code stored}. A copy
   * without {@code updatedAt}, or compared with one without, cannot be ordered and is not older.
   */
  static boolean olderThan(@Nullable OffsetDateTime candidate, @Nullable OffsetDateTime stored) {
    return candidate != null && stored != null && candidate.isBefore(stored);
  }

  // The generated enums are open: getValue() is the text the server sent, published or not.
  private static @Nullable String raw(@Nullable EmailOptin value) {
    return value == null ? null : value.getValue();
  }

  private static @Nullable String raw(@Nullable EmailStatus value) {
    return value == null ? null : value.getValue();
  }

  private static @Nullable String raw(@Nullable AddressType value) {
    return value == null ? null : value.getValue();
  }

  /** {@link #json} with the properties in their names' order, for the hashes. */
  private static @Nullable String sortedJson(Map<String, String> unknownProperties) {
    return unknownProperties.size() < 2 ? json(unknownProperties) : json(new java.util.TreeMap<>(unknownProperties));
  }

  /**
   * The properties the spec does not name, as one JSON object of the values exactly as the server
   * sent them (numbers keep every digit), or null when there are none.
   */
  private static @Nullable String json(Map<String, String> unknownProperties) {
    if (unknownProperties.isEmpty()) {
      return null;
    }
    Buffer buffer = new Buffer();
    try (JsonWriter writer = JsonWriter.of(buffer)) {
      writer.beginObject();
      for (Map.Entry<String, String> property : unknownProperties.entrySet()) {
        writer.name(property.getKey());
        try (BufferedSink value = writer.valueSink()) {
          value.writeUtf8(property.getValue());
        }
      }
      writer.endObject();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write a Buffer, which does no I/O", e);
    }
    return buffer.readUtf8();
  }

  /**
   * SHA-256 over tagged, length-prefixed values, so that ("ab", "c") and ("a", "bc") differ, and
   * null differs from "". The values of a supporter are gathered in one reused buffer and digested
   * at once: a digest call and two arrays per value, and the date formatter, took as long as
   * decoding the supporter. The first 128 bits are kept (22 characters): two values that differ
   * collide with a chance of 2^-128, and a pair crafted to collide takes about 2^64 digests, while
   * the full 256 bits made the two hash columns a quarter of a supporter's stored bytes. Not
   * thread-safe: one per thread.
   */
  static final class Hasher {
    private final MessageDigest digest;
    private byte[] buffer = new byte[1024];
    private int size;

    Hasher() {
      try {
        digest = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new AssertionError("SHA-256 is required on every Java platform", e);
      }
    }

    Hasher add(@Nullable String value) {
      if (value == null) {
        return tag(0);
      }
      tag(1);
      int length = value.length();
      require(4 + length);
      int start = size + 4;
      int at = start;
      for (int i = 0; i < length; i++) {
        char c = value.charAt(i);
        if (c >= 0x80) {
          // Not ASCII: the encoder's UTF-8 for the whole value.
          byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
          require(4 + bytes.length);
          System.arraycopy(bytes, 0, buffer, start, bytes.length);
          at = start + bytes.length;
          break;
        }
        buffer[at++] = (byte) c;
      }
      putInt(size, at - start);
      size = at;
      return this;
    }

    Hasher add(long value) {
      tag(2);
      require(8);
      putInt(size, (int) (value >>> 32));
      putInt(size + 4, (int) value);
      size += 8;
      return this;
    }

    Hasher add(@Nullable LocalDate value) {
      return value == null ? tag(0) : tag(3).add(value.toEpochDay());
    }

    Hasher add(@Nullable OffsetDateTime value) {
      return value == null ? tag(0) : tag(4).add(value.toEpochSecond()).add(value.getNano());
    }

    /** The Base64 text of the digest's first 16 bytes, of the values added since the last call; starts anew. */
    String digest() {
      digest.update(buffer, 0, size);
      size = 0;
      return Base64.getEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest.digest(), 16));
    }

    private Hasher tag(int tag) {
      require(1);
      buffer[size++] = (byte) tag;
      return this;
    }

    private void putInt(int at, int value) {
      buffer[at] = (byte) (value >>> 24);
      buffer[at + 1] = (byte) (value >>> 16);
      buffer[at + 2] = (byte) (value >>> 8);
      buffer[at + 3] = (byte) value;
    }

    private void require(int more) {
      if (size + more > buffer.length) {
        buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
      }
    }
  }
}
