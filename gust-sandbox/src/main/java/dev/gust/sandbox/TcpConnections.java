package dev.gust.sandbox;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Who holds a TCP connection, answered from procfs: the kernel's socket tables ({@code
 * <proc>/net/tcp}, {@code tcp6}) give the inode of the socket at the client end, and a process
 * holds that socket when one of its {@code <proc>/<pid>/fd} links reads {@code socket:[inode]}.
 *
 * <p>Cost: reading the descriptors is a readlink each (microseconds for a runtime's dozen). The
 * tables are dearer than their size suggests: to print them the kernel walks every bucket of its
 * established-connections hash, which is sized by RAM, not by connections (262,144 buckets on the
 * 24 GB development host: 4.5 ms per full read of {@code tcp} or {@code tcp6}, even with a dozen
 * rows). So the descriptors come first (an instance holding no socket costs no table read) and the
 * scan stops at the row it needs. Measured with a Python instance under bwrap and a cgroup ({@code
 * LaunchLatencyBench#ownsConnectionCost}): 2.3 ms for its own IPv4 connection, 6.8 ms to reject
 * another process's connection held in {@code tcp6}, 8.6 ms for a connection that no longer exists.
 * A netlink {@code sock_diag} query finds one socket by its 4-tuple in microseconds, but needs
 * native code (the FFM API is final only from Java 22).
 *
 * <p>Sandboxed processes share the host's network namespace, so the tables read through {@code
 * <proc>/net} (the server's namespace) list their sockets too.
 */
final class TcpConnections {

  /** {@code st} column value of an established connection. */
  private static final String ESTABLISHED = "01";

  private static final HexFormat HEX = HexFormat.of().withUpperCase();

  private final Path procRoot;

  TcpConnections(Path procRoot) {
    this.procRoot = procRoot;
  }

  /**
   * The inode of the established socket whose own address is {@code self} and whose peer is {@code
   * peer}: for the client end of a connection, {@code self} is the client. The scan stops at that
   * row: an established 4-tuple is unique. {@code tcp6} is read only when {@code tcp} lacks it.
   */
  OptionalLong inodeOf(InetSocketAddress self, InetSocketAddress peer) {
    String self4 = ipv4Token(self);
    String peer4 = ipv4Token(peer);
    if (self4 != null && peer4 != null) {
      OptionalLong found = scan(procRoot.resolve("net/tcp"), self4, peer4);
      if (found.isPresent()) {
        return found;
      }
    }
    // An AF_INET6 socket, including IPv4 peers seen as ::ffff:a.b.c.d.
    return scan(procRoot.resolve("net/tcp6"), ipv6Token(self), ipv6Token(peer));
  }

  /**
   * True when one of {@code pids} holds the client end of the connection between {@code client} and
   * {@code server}. The descriptors are read first, as they are cheap: an instance that holds no
   * socket is answered without reading the socket tables at all.
   */
  boolean heldByAny(Iterable<Long> pids, InetSocketAddress server, InetSocketAddress client) {
    Set<Long> held = socketInodes(pids);
    if (held.isEmpty()) {
      return false;
    }
    OptionalLong inode = inodeOf(client, server);
    return inode.isPresent() && held.contains(inode.getAsLong());
  }

  /** The inodes of the sockets that {@code pids} hold open. */
  Set<Long> socketInodes(Iterable<Long> pids) {
    Set<Long> inodes = new HashSet<>();
    for (long pid : pids) {
      try (DirectoryStream<Path> fds = Files.newDirectoryStream(procRoot.resolve(pid + "/fd"))) {
        for (Path fd : fds) {
          try {
            String target = Files.readSymbolicLink(fd).toString();
            if (target.startsWith("socket:[") && target.endsWith("]")) {
              inodes.add(Long.parseLong(target, 8, target.length() - 1, 10));
            }
          } catch (IOException | NumberFormatException e) {
            // The descriptor was closed while we looked.
          }
        }
      } catch (IOException e) {
        // The process exited while we looked.
      }
    }
    return inodes;
  }

  private static OptionalLong scan(Path table, String self, String peer) {
    try (BufferedReader reader = Files.newBufferedReader(table)) {
      reader.readLine(); // header
      String line;
      while ((line = reader.readLine()) != null) {
        // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
        String[] f = line.trim().split("\\s+", 11);
        if (f.length >= 10
            && f[1].equalsIgnoreCase(self)
            && f[2].equalsIgnoreCase(peer)
            && f[3].equals(ESTABLISHED)) {
          return OptionalLong.of(Long.parseLong(f[9]));
        }
      }
    } catch (NoSuchFileException e) {
      return OptionalLong.empty(); // IPv6 disabled, or a fake tree without it
    } catch (IOException | NumberFormatException e) {
      return OptionalLong.empty();
    }
    return OptionalLong.empty();
  }

  /**
   * The kernel prints each 32-bit word of an address as {@code %08X} of its in-memory value, so the
   * bytes appear in native order; the port is plain {@code %04X}.
   */
  static String ipv4Token(InetSocketAddress address) {
    byte[] bytes = address.getAddress().getAddress();
    if (bytes.length == 16 && isMappedIpv4(bytes)) {
      bytes = Arrays.copyOfRange(bytes, 12, 16);
    }
    if (bytes.length != 4) {
      return null;
    }
    return words(bytes) + ":" + port(address);
  }

  static String ipv6Token(InetSocketAddress address) {
    byte[] bytes = address.getAddress().getAddress();
    if (bytes.length == 4) {
      byte[] mapped = new byte[16];
      mapped[10] = (byte) 0xff;
      mapped[11] = (byte) 0xff;
      System.arraycopy(bytes, 0, mapped, 12, 4);
      bytes = mapped;
    }
    return words(bytes) + ":" + port(address);
  }

  private static String words(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder());
    StringBuilder out = new StringBuilder(bytes.length * 2);
    while (in.hasRemaining()) {
      out.append(HEX.toHexDigits(in.getInt()));
    }
    return out.toString();
  }

  private static String port(InetSocketAddress address) {
    return String.format(Locale.ROOT, "%04X", address.getPort());
  }

  private static boolean isMappedIpv4(byte[] bytes) {
    for (int i = 0; i < 10; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
  }
}
