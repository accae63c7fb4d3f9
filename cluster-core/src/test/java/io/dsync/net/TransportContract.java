package io.dsync.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsync.cluster.NodeId;
import io.dsync.wire.Message;
import io.dsync.wire.TestMessages.Seq;
import io.dsync.wire.TestMessages.Text;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link Transport} contract, run against each implementation (TCP, in-VM, simulated) by a
 * subclass that supplies a {@link Harness}. It is also the pattern for protocol tests that must
 * run unchanged over every transport: create transports through a harness and wait with {@link
 * Harness#await}, which advances virtual time on the simulator and polls real time elsewhere.
 */
public abstract class TransportContract {
  static final NodeId A = NodeId.of("node-a");
  static final NodeId B = NodeId.of("node-b");

  /** Makes connected transports of one kind and waits in that kind's time. */
  public interface Harness extends AutoCloseable {
    /** A started transport for {@code id}, able to reach every transport made before it. */
    Transport start(NodeId id, InboundHandler handler);

    /** Waits until {@code condition} holds, at most {@code max}; returns whether it holds. */
    boolean await(BooleanSupplier condition, Duration max);

    @Override
    void close();
  }

  protected abstract Harness harness();

  private Harness harness;
  private Transport a;
  private Transport b;
  private RecordingHandler atA;

  @BeforeEach
  void setUp() {
    harness = harness();
    atA = RecordingHandler.silent();
    a = harness.start(A, atA);
    b = harness.start(B, (from, message, reply) -> {
      if (message instanceof Text text && text.text().startsWith("fail")) {
        reply.fail("bad_request", text.text());
      } else if (message instanceof Text text && text.text().startsWith("twice")) {
        reply.respond(new Text("first"));
        reply.respond(new Text("second"));
      } else if (!(message instanceof Text text && text.text().startsWith("ignore"))) {
        reply.respond(message);
      }
    });
  }

  @AfterEach
  void tearDown() {
    harness.close();
  }

  private Message answer(CompletableFuture<Message> f) {
    assertThat(harness.await(f::isDone, Duration.ofSeconds(10))).as("answered in time").isTrue();
    return f.join();
  }

  private Throwable failure(CompletableFuture<Message> f) {
    assertThat(harness.await(f::isDone, Duration.ofSeconds(10))).as("completed in time").isTrue();
    try {
      f.join();
      throw new AssertionError("expected a failure, got " + f.join());
    } catch (CompletionException e) {
      return e.getCause();
    }
  }

  @Test
  void request_answered() {
    assertThat(answer(a.request(B, new Text("hello"), Duration.ofSeconds(5)))).isEqualTo(new Text("hello"));
    assertThat(a.localId()).isEqualTo(A);
  }

  @Test
  void request_firstAnswerWins() {
    assertThat(answer(a.request(B, new Text("twice"), Duration.ofSeconds(5)))).isEqualTo(new Text("first"));
  }

  @Test
  void request_remoteError_isRemoteExceptionWithCode() {
    Throwable error = failure(a.request(B, new Text("fail: no"), Duration.ofSeconds(5)));
    assertThat(error).isInstanceOf(RemoteException.class);
    assertThat(((RemoteException) error).errorCode()).isEqualTo("bad_request");
  }

  @Test
  void request_unanswered_timesOut() {
    assertThat(failure(a.request(B, new Text("ignore me"), Duration.ofMillis(200))))
        .isInstanceOf(TimeoutException.class);
  }

  @Test
  void request_unknownPeer_timesOut_sendDoesNotThrow() {
    a.send(NodeId.of("nobody"), new Text("x"));
    assertThat(failure(a.request(NodeId.of("nobody"), new Text("x"), Duration.ofMillis(200))))
        .isInstanceOf(TimeoutException.class);
  }

  @Test
  void send_oneSender_inOrder_withSenderId() {
    RecordingHandler atC = RecordingHandler.silent();
    Transport c = harness.start(NodeId.of("node-c"), atC);
    for (int i = 0; i < 500; i++) {
      b.send(c.localId(), new Seq("b", i));
    }
    assertThat(harness.await(() -> atC.received.size() == 500, Duration.ofSeconds(10))).isTrue();
    List<RecordingHandler.Received> got = List.copyOf(atC.received);
    for (int i = 0; i < 500; i++) {
      assertThat(got.get(i).from()).isEqualTo(B);
      assertThat(((Seq) got.get(i).message()).number()).isEqualTo(i);
    }
  }

  @Test
  void reverseDirection_delivers() {
    b.send(A, new Text("note"));
    assertThat(harness.await(() -> !atA.received.isEmpty(), Duration.ofSeconds(10))).isTrue();
    assertThat(atA.received.peek()).isEqualTo(new RecordingHandler.Received(B, new Text("note")));
  }
}
