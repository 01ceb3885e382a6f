package io.github.rallycongress.sandbox;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import javax.net.ServerSocketFactory;

/**
 * Server sockets whose connections set TCP_NODELAY, for a {@code MockWebServer}
 * ({@code server.setServerSocketFactory(new NoDelayServerSockets())}). MockWebServer writes a
 * response's headers and body separately; with Nagle's algorithm the body then waits for the
 * client's delayed ACK (about 40 ms on Linux), so every page of a list would cost 40 ms of timers.
 * The sandbox uses it; so can any other loopback fake that serves many responses.
 */
public final class NoDelayServerSockets extends ServerSocketFactory {
  @Override
  public ServerSocket createServerSocket() throws IOException {
    return new ServerSocket() {
      @Override
      public Socket accept() throws IOException {
        Socket socket = super.accept();
        socket.setTcpNoDelay(true);
        return socket;
      }
    };
  }

  @Override
  public ServerSocket createServerSocket(int port) throws IOException {
    throw new UnsupportedOperationException("MockWebServer binds an unbound socket");
  }

  @Override
  public ServerSocket createServerSocket(int port, int backlog) throws IOException {
    throw new UnsupportedOperationException("MockWebServer binds an unbound socket");
  }

  @Override
  public ServerSocket createServerSocket(int port, int backlog, InetAddress address) throws IOException {
    throw new UnsupportedOperationException("MockWebServer binds an unbound socket");
  }
}
