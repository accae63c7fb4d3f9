package io.dsync.lock;

import io.dsync.lock.core.LockCommand;
import io.dsync.lock.core.LockResult;
import io.dsync.lock.core.LockStats;
import io.dsync.lock.core.LockView;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Test base: forwards everything to another engine; subclasses override {@link #submit} to lose answers. */
abstract class ForwardingLockEngine implements LockEngine {
  final LockEngine inner;

  ForwardingLockEngine(LockEngine inner) {
    this.inner = inner;
  }

  @Override
  public CompletableFuture<LockResult> submit(LockCommand command) {
    return inner.submit(command);
  }

  @Override
  public CompletableFuture<Optional<LockView>> view(String resource) {
    return inner.view(resource);
  }

  @Override
  public CompletableFuture<List<LockView>> views() {
    return inner.views();
  }

  @Override
  public CompletableFuture<LockStats> stats() {
    return inner.stats();
  }

  @Override
  public void close() {
    inner.close();
  }
}
