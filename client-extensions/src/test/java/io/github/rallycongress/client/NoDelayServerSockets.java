package io.github.rallycongress.client;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import javax.net.ServerSocketFactory;

/**
 * Server sockets whose connections set TCP_NODELAY. MockWebServer writes a response's headers and
 * body separately; with Nagle's algorithm the body then waits for the client's delayed ACK (about
 * 40 ms on Linux), which would make a 10,000-page test measure ACK timers instead of the client.
 */
final class NoDelayServerSockets extends ServerSocketFactory {
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
