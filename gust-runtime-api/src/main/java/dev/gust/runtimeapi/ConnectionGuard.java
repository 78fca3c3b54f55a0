package dev.gust.runtimeapi;

import java.net.InetSocketAddress;

/** Decides whether an accepted connection may talk to an instance's endpoint. */
@FunctionalInterface
public interface ConnectionGuard {
  /**
   * @param local the endpoint's end of the connection
   * @param remote the client's end
   * @return true when the client is a process of the instance this endpoint serves
   */
  boolean allows(InetSocketAddress local, InetSocketAddress remote);

  /** Allows every connection; for tests and hosts where ownership cannot be checked. */
  ConnectionGuard ANY = (local, remote) -> true;
}
