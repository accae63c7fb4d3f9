package io.dsync.bench.common;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/** Runs a workload's clients, one thread each, and hands them back when all have finished. */
public final class WorkerPool {
  /** What a client does on its thread until its time is up. */
  @FunctionalInterface
  public interface Body<W> {
    void run(W worker) throws InterruptedException;
  }

  private WorkerPool() {}

  /**
   * Makes {@code threads} workers ({@code make} gets the worker's index), runs {@code body} for
   * each on a thread of its own, and returns the workers in index order once every body returned.
   * A body that throws fails the whole run with {@link IllegalStateException}.
   */
  public static <W> List<W> runAll(int threads, IntFunction<W> make, Body<W> body) throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<W>> futures = new ArrayList<>();
    try {
      for (int t = 0; t < threads; t++) {
        W worker = make.apply(t);
        futures.add(pool.submit(() -> {
          body.run(worker);
          return worker;
        }));
      }
      List<W> done = new ArrayList<>();
      for (Future<W> f : futures) {
        done.add(f.get());
      }
      return done;
    } catch (ExecutionException e) {
      throw new IllegalStateException("a worker failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }
}
