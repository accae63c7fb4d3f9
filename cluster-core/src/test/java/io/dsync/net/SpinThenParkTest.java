package io.dsync.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SpinThenParkTest {

  @Test
  void completedFuture_returnsItsValue() throws Exception {
    assertThat(SpinThenPark.get(CompletableFuture.completedFuture("x"), 10_000)).isEqualTo("x");
  }

  @Test
  void completedDuringTheSpin_returnsItsValue() throws Exception {
    CompletableFuture<String> future = new CompletableFuture<>();
    CompletableFuture.runAsync(() -> future.complete("late"));
    assertThat(SpinThenPark.get(future, SpinThenPark.MAX_SPIN_NANOS)).isEqualTo("late");
  }

  @Test
  void completedAfterTheSpin_parksUntilDone() throws Exception {
    CompletableFuture<String> future = new CompletableFuture<>();
    CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS).execute(() -> future.complete("parked"));
    assertThat(SpinThenPark.get(future, 1_000)).isEqualTo("parked");
    assertThat(SpinThenPark.get(future, 0)).isEqualTo("parked");
  }

  @Test
  void hugeSpin_isCapped() throws Exception {
    CompletableFuture<String> future = new CompletableFuture<>();
    CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS).execute(() -> future.complete("capped"));
    assertThat(SpinThenPark.get(future, Long.MAX_VALUE)).isEqualTo("capped");
  }

  @Test
  void failedFuture_throwsLikeGet() {
    CompletableFuture<String> future = CompletableFuture.failedFuture(new RemoteException("code", "text"));
    assertThatThrownBy(() -> SpinThenPark.get(future, 1_000))
        .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(RemoteException.class);
  }

  @Test
  void badArguments_rejected() {
    assertThatThrownBy(() -> SpinThenPark.get(null, 0)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("future");
    assertThatThrownBy(() -> SpinThenPark.get(CompletableFuture.completedFuture(1), -1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("spinNanos");
  }
}
