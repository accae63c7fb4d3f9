package io.dsync.bench.raft;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The floors under a Raft commit, measured in the same run: appending 1 KiB to a file and
 * forcing it ({@code FileChannel.force(false)}, what the Raft log does per group commit), and a
 * 64-byte loopback TCP round trip between two blocking sockets.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m", "-Djava.net.preferIPv4Stack=true"})
public class FloorBenchmark {
  private Path file;
  private FileChannel channel;
  private final ByteBuffer kib = ByteBuffer.allocate(1024);
  private ServerSocket listener;
  private Socket socket;
  private OutputStream out;
  private DataInputStream in;
  private final byte[] ping = new byte[64];

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    file = Files.createTempFile("dsync-floor", ".log");
    channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    Thread echo = new Thread(this::echo, "floor-echo");
    echo.setDaemon(true);
    echo.start();
    socket = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
    socket.setTcpNoDelay(true);
    out = socket.getOutputStream();
    in = new DataInputStream(socket.getInputStream());
  }

  private void echo() {
    try (Socket peer = listener.accept()) {
      peer.setTcpNoDelay(true);
      DataInputStream pin = new DataInputStream(peer.getInputStream());
      OutputStream pout = peer.getOutputStream();
      byte[] b = new byte[64];
      while (true) {
        pin.readFully(b);
        pout.write(b);
      }
    } catch (IOException e) {
      // closed at tear-down
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    channel.close();
    Files.deleteIfExists(file);
    socket.close();
    listener.close();
  }

  @Benchmark
  public long append1KiB_fsync() throws IOException {
    kib.clear();
    channel.write(kib);
    channel.force(false);
    return channel.position();
  }

  @Benchmark
  public byte[] loopbackRoundTrip_64B() throws IOException {
    out.write(ping);
    in.readFully(ping);
    return ping;
  }
}
