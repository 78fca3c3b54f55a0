package dev.gust.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetSocketAddress;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The procfs socket-table parser, against a fake {@code /proc} in a temp directory. */
class TcpConnectionsTest {

  private static final String HEADER =
      "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout"
          + " inode\n";

  @TempDir Path proc;

  private final InetSocketAddress server = new InetSocketAddress("127.0.0.1", 9001); // 2329
  private final InetSocketAddress client = new InetSocketAddress("127.0.0.1", 50000); // C350

  @BeforeEach
  void littleEndianHost() throws Exception {
    // The kernel prints addresses in native byte order; the literals below are little-endian.
    assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN);
    Files.createDirectories(proc.resolve("net"));
    Files.writeString(
        proc.resolve("net/tcp"),
        HEADER
            + row(0, "0100007F:2329", "00000000:0000", "0A", 11) // listening
            + row(1, "0100007F:2329", "0100007F:C350", "01", 12) // server end
            + row(2, "0100007F:C350", "0100007F:2329", "01", 13) // client end
            + row(3, "0100007F:C351", "0100007F:2329", "06", 0)); // TIME_WAIT
    Files.writeString(
        proc.resolve("net/tcp6"),
        HEADER
            + row(
                0,
                "0000000000000000FFFF00000100007F:C352",
                "0000000000000000FFFF00000100007F:2329",
                "01",
                21)
            + row(
                1,
                "00000000000000000000000001000000:C353",
                "00000000000000000000000001000000:2329",
                "01",
                22));
  }

  @Test
  void findsTheClientEndOfAnEstablishedIpv4Connection() {
    TcpConnections connections = new TcpConnections(proc);

    assertEquals(OptionalLong.of(13), connections.inodeOf(client, server));
    assertEquals(OptionalLong.of(12), connections.inodeOf(server, client));
  }

  @Test
  void ignoresConnectionsThatAreNotEstablished() {
    TcpConnections connections = new TcpConnections(proc);

    assertEquals(
        OptionalLong.empty(),
        connections.inodeOf(new InetSocketAddress("127.0.0.1", 0xC351), server));
  }

  @Test
  void findsIpv6AndIpv4MappedClients() {
    TcpConnections connections = new TcpConnections(proc);

    assertEquals(
        OptionalLong.of(21),
        connections.inodeOf(new InetSocketAddress("127.0.0.1", 0xC352), server));
    assertEquals(
        OptionalLong.of(22),
        connections.inodeOf(
            new InetSocketAddress("::1", 0xC353), new InetSocketAddress("::1", 9001)));
  }

  @Test
  void socketInodesAreReadFromTheDescriptorLinks() throws Exception {
    fd(100, 0, "pipe:[7]");
    fd(100, 3, "socket:[13]");
    fd(100, 4, "socket:[99]");
    fd(200, 3, "anon_inode:[eventpoll]");
    TcpConnections connections = new TcpConnections(proc);

    assertEquals(Set.of(13L, 99L), connections.socketInodes(List.of(100L, 200L, 300L)));
  }

  @Test
  void aConnectionIsHeldByTheProcessesHoldingItsClientEnd() throws Exception {
    fd(100, 3, "socket:[13]"); // the client end
    fd(200, 3, "socket:[12]"); // the server end: not the client
    fd(300, 3, "socket:[130]");
    TcpConnections connections = new TcpConnections(proc);

    assertTrue(connections.heldByAny(List.of(100L), server, client));
    assertTrue(connections.heldByAny(List.of(400L, 300L, 100L), server, client)); // 400 exited
    assertFalse(connections.heldByAny(List.of(200L), server, client));
    assertFalse(connections.heldByAny(List.of(300L), server, client));
    assertFalse(connections.heldByAny(List.of(), server, client));
  }

  @Test
  void aConnectionInTheIpv6TableIsFoundToo() throws Exception {
    fd(100, 3, "socket:[21]");
    TcpConnections connections = new TcpConnections(proc);

    assertTrue(
        connections.heldByAny(List.of(100L), server, new InetSocketAddress("127.0.0.1", 0xC352)));
  }

  @Test
  void addressesAreEncodedAsTheKernelPrintsThem() {
    assertEquals("0100007F:C350", TcpConnections.ipv4Token(client));
    assertEquals("0000000000000000FFFF00000100007F:C350", TcpConnections.ipv6Token(client));
  }

  private static String row(int sl, String local, String remote, String state, long inode) {
    return String.format(
        "%4d: %s %s %s 00000000:00000000 00:00000000 00000000     0        0 %d 1"
            + " 0000000000000000 20 4 30 10 -1%n",
        sl, local, remote, state, inode);
  }

  private void fd(long pid, int fd, String target) throws Exception {
    Path dir = Files.createDirectories(proc.resolve(pid + "/fd"));
    Files.createSymbolicLink(dir.resolve(Integer.toString(fd)), Path.of(target));
  }
}
