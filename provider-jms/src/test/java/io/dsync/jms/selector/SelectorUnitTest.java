package io.dsync.jms.selector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.InvalidSelectorException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SelectorUnitTest {
  private static boolean eval(String s, Map<String, Object> props) throws Exception {
    return Selector.parse(s).matches(props::get);
  }

  @Test
  void threeValuedLogic_truthTables() throws Exception {
    Map<String, Object> p = Map.of("t", true, "f", false);
    assertThat(eval("t AND u IS NULL", p)).isTrue();
    assertThat(eval("u = 1 AND f", p)).isFalse();
    assertThat(eval("u = 1 OR t", p)).isTrue();
    assertThat(eval("NOT (u = 1 OR f)", p)).isFalse();
    assertThat(eval("NOT (u = 1 AND f)", p)).isTrue();
  }

  @Test
  void numericPromotion_intAndDoubleCompare() throws Exception {
    assertThat(eval("i = 2.0", Map.of("i", 2))).isTrue();
    assertThat(eval("i / 2 = 1", Map.of("i", 3))).isTrue();
    assertThat(eval("d / 2 = 1.5", Map.of("d", 3.0))).isTrue();
  }

  @Test
  void invalid_reportsPosition() {
    assertThatThrownBy(() -> Selector.parse("a = = 1")).isInstanceOf(InvalidSelectorException.class).hasMessageContaining("position");
  }

  @Test
  void blank_selectsAll() throws Exception {
    assertThat(Selector.parse("  ").selectsAll()).isTrue();
    assertThat(Selector.parse(null).matches(id -> null)).isTrue();
  }
}
