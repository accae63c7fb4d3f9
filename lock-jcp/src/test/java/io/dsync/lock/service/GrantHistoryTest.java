package io.dsync.lock.service;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsync.lock.service.GrantHistory.Grant;
import org.junit.jupiter.api.Test;

/** The exclusivity check of {@link LockProcessIT} accepts exclusive histories and catches each kind of violation. */
class GrantHistoryTest {
  private static GrantHistory of(Grant... grants) {
    GrantHistory h = new GrantHistory();
    for (Grant g : grants) {
      h.add(g);
    }
    return h;
  }

  @Test
  void check_exclusiveHistory_passes() {
    assertThatCode(() -> of(new Grant("a", 1, 0, 10, 20), new Grant("b", 2, 1, 12, 30), new Grant("a", 3, 1, 21, 25))
        .check()).doesNotThrowAnyException();
  }

  @Test
  void check_overlappingHolders_fails() {
    assertThatThrownBy(() -> of(new Grant("a", 1, 0, 10, 20), new Grant("a", 2, 1, 15, 30)).check())
        .isInstanceOf(AssertionError.class).hasMessageContaining("overlaps");
  }

  @Test
  void check_fenceNotGrowingInGrantOrder_fails() {
    assertThatThrownBy(() -> of(new Grant("a", 5, 0, 10, 20), new Grant("a", 4, 1, 21, 30)).check())
        .isInstanceOf(AssertionError.class).hasMessageContaining("fence order");
  }

  @Test
  void check_fenceIssuedTwice_fails() {
    assertThatThrownBy(() -> of(new Grant("a", 7, 0, 10, 20), new Grant("b", 7, 1, 11, 30)).check())
        .isInstanceOf(AssertionError.class).hasMessageContaining("granted twice");
  }

  @Test
  void check_noGrants_fails() {
    assertThatThrownBy(() -> new GrantHistory().check()).isInstanceOf(AssertionError.class);
  }
}
