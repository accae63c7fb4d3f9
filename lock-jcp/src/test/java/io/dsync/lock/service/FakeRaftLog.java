package io.dsync.lock.service;

import io.dsync.raft.RaftException;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A one-replica stand-in for Raft in tests: entries are applied in order on one thread. With a
 * fault rate, some submissions fail before being applied ({@code NOT_LEADER}) and some are
 * applied but their answer is lost ({@code TIMEOUT}), as around a leader change.
 */
public final class FakeRaftLog implements LockLog, AutoCloseable {
  /** The replica's state machine. */
  public final LockStateMachine machine;
  private final ExecutorService applier = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "fake-raft");
    t.setDaemon(true);
    return t;
  });
  private final Random random;
  private final double faultRate;
  private long index;

  /** A log that fails a {@code faultRate} share of submissions, chosen by {@code seed}. */
  public FakeRaftLog(long seed, double faultRate) {
    this(seed, faultRate, new LockStateMachine());
  }

  /** A log applying to the given machine. */
  public FakeRaftLog(long seed, double faultRate, LockStateMachine machine) {
    this.machine = machine;
    this.random = new Random(seed);
    this.faultRate = faultRate;
  }

  @Override
  public CompletableFuture<byte[]> submit(byte[] entry) {
    CompletableFuture<byte[]> f = new CompletableFuture<>();
    applier.execute(() -> {
      boolean fault = random.nextDouble() < faultRate;
      if (fault && random.nextBoolean()) {
        f.completeExceptionally(new RaftException(RaftException.Kind.NOT_LEADER, "not the leader", "n2"));
        return;
      }
      byte[] r = machine.apply(++index, entry);
      if (fault) {
        f.completeExceptionally(new RaftException(RaftException.Kind.TIMEOUT, "answer lost", null));
      } else {
        f.complete(r);
      }
    });
    return f;
  }

  @Override
  public CompletableFuture<byte[]> read(byte[] query) {
    return CompletableFuture.supplyAsync(() -> machine.query(query), applier);
  }

  @Override
  public Optional<String> leaderId() {
    return Optional.of("n1");
  }

  @Override
  public boolean isLeader() {
    return true;
  }

  @Override
  public void close() throws InterruptedException {
    applier.shutdownNow();
    applier.awaitTermination(5, TimeUnit.SECONDS);
  }
}
