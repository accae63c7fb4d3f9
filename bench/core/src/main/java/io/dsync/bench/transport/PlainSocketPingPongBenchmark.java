package io.dsync.bench.transport;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The floor: a blocking-socket ping-pong of {@code messageBytes} over loopback, an echo thread on
 * the other end, TCP_NODELAY on both. No framing, no codec, no event loop.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-Djava.net.preferIPv4Stack=true"})
public class PlainSocketPingPongBenchmark {

  @Param({"64", "1024"})
  public int messageBytes;

  private ServerSocket listener;
  private Thread echo;
  private Socket socket;
  private OutputStream out;
  private DataInputStream in;
  private byte[] message;
  private byte[] answer;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    int size = messageBytes;
    echo = new Thread(() -> serve(size), "plain-echo");
    echo.setDaemon(true);
    echo.start();
    socket = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
    socket.setTcpNoDelay(true);
    out = socket.getOutputStream();
    in = new DataInputStream(socket.getInputStream());
    message = new byte[messageBytes];
    answer = new byte[messageBytes];
  }

  private void serve(int size) {
    try (Socket peer = listener.accept()) {
      peer.setTcpNoDelay(true);
      DataInputStream peerIn = new DataInputStream(peer.getInputStream());
      OutputStream peerOut = peer.getOutputStream();
      byte[] buffer = new byte[size];
      while (true) {
        peerIn.readFully(buffer);
        peerOut.write(buffer);
      }
    } catch (IOException e) {
      // closed at tear-down
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException, InterruptedException {
    socket.close();
    listener.close();
    echo.join(5000);
  }

  @Benchmark
  public byte[] pingPong() throws IOException {
    out.write(message);
    in.readFully(answer);
    return answer;
  }

}
