package io.dsync.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsync.check.KvModel.Input;
import io.dsync.check.KvModel.Output;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The checker on histories whose verdict is known. */
class LinearizabilityCheckerTest {
  private final LinearizabilityChecker checker = new LinearizabilityChecker();
  private final KvModel model = new KvModel();

  private static Operation<Input, Output> op(int client, Input in, String out, long call, long ret) {
    return new Operation<>(client, in, Output.of(out), call, ret);
  }

  @Test
  void sequentialHistory_linearizable() {
    List<Operation<Input, Output>> h = List.of(
        op(0, Input.put("x", "1"), null, 0, 1),
        op(1, Input.get("x"), "1", 2, 3),
        op(0, Input.put("x", "2"), "1", 4, 5),
        op(1, Input.get("x"), "2", 6, 7));
    assertThat(checker.check(model, h).ok()).isTrue();
  }

  @Test
  void concurrentReadSeesEitherValue_linearizable() {
    List<Operation<Input, Output>> h = List.of(
        op(0, Input.put("x", "1"), null, 0, 1),
        op(0, Input.put("x", "2"), "1", 2, 10),
        op(1, Input.get("x"), "2", 3, 4),
        op(2, Input.get("x"), "1", 3, 5));
    assertThat(checker.check(model, h).ok()).as("read of 1 before the write, read of 2 after").isTrue();
  }

  @Test
  void staleReadAfterWriteCompleted_notLinearizable() {
    List<Operation<Input, Output>> h = List.of(
        op(0, Input.put("x", "1"), null, 0, 1),
        op(0, Input.put("x", "2"), "1", 2, 3),
        op(1, Input.get("x"), "1", 4, 5));
    CheckResult r = checker.check(model, h);
    assertThat(r.verdict()).isEqualTo(CheckResult.Verdict.NOT_LINEARIZABLE);
    assertThat(r.detail()).contains("GET(x)");
  }

  @Test
  void readsGoBackInTime_notLinearizable() {
    List<Operation<Input, Output>> h = List.of(
        op(0, Input.put("x", "1"), null, 0, 100),
        op(1, Input.get("x"), "1", 10, 20),
        op(2, Input.get("x"), null, 30, 40));
    assertThat(checker.check(model, h).verdict()).isEqualTo(CheckResult.Verdict.NOT_LINEARIZABLE);
  }

  @Test
  void pendingWrite_mayTakeEffectLate_orNever() {
    List<Operation<Input, Output>> late = List.of(
        Operation.pending(0, Input.put("x", "1"), 0),
        op(1, Input.get("x"), null, 5, 6),
        op(1, Input.get("x"), "1", 50, 60));
    assertThat(checker.check(model, late).ok()).isTrue();
    List<Operation<Input, Output>> never = List.of(
        Operation.pending(0, Input.put("x", "1"), 0),
        op(1, Input.get("x"), null, 50, 60));
    assertThat(checker.check(model, never).ok()).isTrue();
  }

  @Test
  void pendingWrite_cannotTakeEffectBeforeItsCall() {
    List<Operation<Input, Output>> h = List.of(
        op(1, Input.get("x"), "1", 0, 5),
        Operation.pending(0, Input.put("x", "1"), 10));
    assertThat(checker.check(model, h).verdict()).isEqualTo(CheckResult.Verdict.NOT_LINEARIZABLE);
  }

  @Test
  void duplicatedWrite_previousValueReappears_notLinearizable() {
    // A write applied twice shows up as a put that returns a value overwritten long ago.
    List<Operation<Input, Output>> h = List.of(
        op(0, Input.put("x", "a"), null, 0, 1),
        op(0, Input.put("x", "b"), "a", 2, 3),
        op(1, Input.put("x", "c"), "a", 4, 5));
    assertThat(checker.check(model, h).verdict()).isEqualTo(CheckResult.Verdict.NOT_LINEARIZABLE);
  }

  @Test
  void compareAndSet_model() {
    List<Operation<Input, Output>> ok = List.of(
        new Operation<>(0, Input.cas("x", null, "1"), Output.swapped(true), 0, 10),
        new Operation<>(1, Input.cas("x", null, "2"), Output.swapped(false), 0, 10));
    assertThat(checker.check(model, ok).ok()).isTrue();
    List<Operation<Input, Output>> both = List.of(
        new Operation<>(0, Input.cas("x", null, "1"), Output.swapped(true), 0, 10),
        new Operation<>(1, Input.cas("x", null, "2"), Output.swapped(true), 0, 10));
    assertThat(checker.check(model, both).verdict()).isEqualTo(CheckResult.Verdict.NOT_LINEARIZABLE);
  }

  @Test
  void keysIndependent_violationOnOneKeyFound() {
    List<Operation<Input, Output>> h = List.of(
        op(0, Input.put("y", "1"), null, 0, 1),
        op(0, Input.put("x", "1"), null, 0, 1),
        op(1, Input.get("x"), null, 2, 3),
        op(1, Input.get("y"), "1", 2, 3));
    assertThat(checker.check(model, h).verdict()).isEqualTo(CheckResult.Verdict.NOT_LINEARIZABLE);
  }

  @Test
  void randomSequentialHistories_linearizable_andCorruptedOnes_not() {
    Random rnd = new Random(42);
    for (int round = 0; round < 50; round++) {
      List<Operation<Input, Output>> h = new ArrayList<>();
      String value = null;
      long t = 0;
      for (int i = 0; i < 40; i++) {
        int client = rnd.nextInt(4);
        if (rnd.nextBoolean()) {
          String v = "v" + i;
          h.add(op(client, Input.put("k", v), value, t, t + 3));
          value = v;
        } else {
          h.add(op(client, Input.get("k"), value, t, t + 3));
        }
        t += 2; // neighbours overlap by one tick
      }
      assertThat(checker.check(model, h).ok()).isTrue();
      int victim = rnd.nextInt(h.size());
      Operation<Input, Output> o = h.get(victim);
      h.set(victim, new Operation<>(o.client(), o.input(), Output.of("never-written"), o.callMillis(), o.returnMillis()));
      assertThat(checker.check(model, h).verdict()).isEqualTo(CheckResult.Verdict.NOT_LINEARIZABLE);
    }
  }

  @Test
  void manyConcurrentOperations_finishesWithinBudget() {
    List<Operation<Input, Output>> h = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      h.add(op(i, Input.put("x", "v" + i), null, 0, 1000));
    }
    h.add(op(99, Input.get("x"), "v7", 2000, 2001));
    CheckResult r = new LinearizabilityChecker(200_000).check(model, h);
    assertThat(r.verdict()).isIn(CheckResult.Verdict.NOT_LINEARIZABLE, CheckResult.Verdict.UNKNOWN);
  }

  @Test
  void operation_returnBeforeCall_refused() {
    assertThatThrownBy(() -> op(0, Input.get("x"), null, 5, 4)).isInstanceOf(IllegalArgumentException.class);
  }
}
