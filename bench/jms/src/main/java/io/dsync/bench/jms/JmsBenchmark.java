package io.dsync.bench.jms;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * dsync's broker against Artemis in the same run, 1 KiB BytesMessages, reached in the broker's
 * JVM ({@code transport=vm}: dsync's {@code LocalBroker}, Artemis's in-VM acceptor) or over
 * loopback TCP ({@code transport=tcp}: a dsync node and Artemis's Netty acceptor, see
 * {@link TcpBrokers}): persistent synchronous send (1 and 8 producers, one connection each),
 * non-persistent send, a 1-producer/1-consumer transfer (consume rate) and send→receive latency.
 * Every sending benchmark has a consumer draining the queue so that queues do not grow without
 * bound. See README.md for the full command.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class JmsBenchmark {
  static final int MESSAGE_BYTES = 1024;
  static final int TRANSFER_WINDOW = 1000;

  /** One broker per trial, with drain listeners on the send queues. */
  @State(Scope.Benchmark)
  public static class BrokerState {
    @Param({"dsync", "artemis"})
    public String broker;

    /** {@code vm}: clients in the broker's JVM; {@code tcp}: the broker is a TCP server ({@link TcpBrokers}). */
    @Param({"vm", "tcp"})
    public String transport;

    Brokers.Running running;
    Path dir;
    Connection drain;
    final Semaphore window = new Semaphore(TRANSFER_WINDOW);

    @Setup(Level.Trial)
    public void start() throws Exception {
      dir = Files.createTempDirectory("bench-jms-" + broker + "-" + transport);
      running = Brokers.start(broker, transport, dir);
      drain = running.factory().createConnection();
      for (String q : new String[] {"persistent", "nonpersistent"}) {
        Session s = drain.createSession(false, Session.DUPS_OK_ACKNOWLEDGE);
        s.createConsumer(s.createQueue(q)).setMessageListener(m -> { });
      }
      drain.start();
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
      drain.close();
      running.close();
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** A producer (and a consumer for the latency and transfer benchmarks) per thread. */
  @State(Scope.Thread)
  public static class ClientState {
    Connection connection;
    Session session;
    MessageProducer persistent;
    MessageProducer nonPersistent;
    MessageProducer latencyProducer;
    MessageConsumer latencyConsumer;
    MessageProducer transferProducer;
    MessageConsumer transferConsumer;
    BytesMessage message;

    @Setup(Level.Trial)
    public void open(BrokerState b) throws Exception {
      connection = b.running.factory().createConnection();
      session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
      persistent = session.createProducer(session.createQueue("persistent"));
      persistent.setDeliveryMode(DeliveryMode.PERSISTENT);
      nonPersistent = session.createProducer(session.createQueue("nonpersistent"));
      nonPersistent.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
      Queue latency = session.createQueue("latency-" + Thread.currentThread().getId());
      latencyProducer = session.createProducer(latency);
      latencyProducer.setDeliveryMode(DeliveryMode.PERSISTENT);
      Session consumerSession = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
      latencyConsumer = consumerSession.createConsumer(latency);
      Session transferSession = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
      transferProducer = transferSession.createProducer(transferSession.createQueue("transfer"));
      transferProducer.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
      Session transferConsumerSession = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
      transferConsumer = transferConsumerSession.createConsumer(transferConsumerSession.createQueue("transfer"));
      message = session.createBytesMessage();
      message.writeBytes(new byte[MESSAGE_BYTES]);
      connection.start();
    }

    @TearDown(Level.Trial)
    public void close() throws JMSException {
      connection.close();
    }
  }

  /** Persistent send, returning once the broker has synced it to disk: one producer. */
  @Benchmark
  public void persistentSend(ClientState c) throws JMSException {
    c.persistent.send(c.message);
  }

  /** Persistent send with 8 concurrent producers (group commit shares syncs). */
  @Benchmark
  @Threads(8)
  public void persistentSend8Producers(ClientState c) throws JMSException {
    c.persistent.send(c.message);
  }

  /** Non-persistent send. */
  @Benchmark
  public void nonPersistentSend(ClientState c) throws JMSException {
    c.nonPersistent.send(c.message);
  }

  /** 1 producer, 1 consumer, non-persistent: the producer side (at most a window ahead). */
  @Benchmark
  @Group("transfer")
  @GroupThreads(1)
  public void transferSend(BrokerState b, ClientState c) throws Exception {
    if (b.window.tryAcquire(1, TimeUnit.SECONDS)) {
      c.transferProducer.send(c.message);
    }
  }

  /** 1 producer, 1 consumer, non-persistent: the consume rate. */
  @Benchmark
  @Group("transfer")
  @GroupThreads(1)
  public Message transferReceive(BrokerState b, ClientState c) throws JMSException {
    Message m = c.transferConsumer.receive(1000);
    if (m != null) {
      b.window.release();
    }
    return m;
  }

  /** Send a persistent message and receive it: the time from send to the consumer. */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public Message sendReceiveLatency(ClientState c) throws JMSException {
    c.latencyProducer.send(c.message);
    return c.latencyConsumer.receive(5000);
  }
}
