package io.dsync.lock.core;

import static io.dsync.lock.core.TableFixture.o;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FairnessTest {

  @Test
  void exclusiveWaiters_grantedInArrivalOrder() {
    TableFixture f = new TableFixture().open(1, 2, 3, 4);
    f.x(1, "r");
    assertThat(f.x(2, "r")).extracting(LockResult::status, LockResult::queuePosition).containsExactly(Status.WAITING, 1);
    assertThat(f.x(3, "r").queuePosition()).isEqualTo(2);
    assertThat(f.x(4, "r").queuePosition()).isEqualTo(3);
    List<Owner> order = new ArrayList<>();
    for (long holder = 1; holder <= 4; holder++) {
      f.releaseX(holder, "r");
      f.lastEvents.forEach(e -> order.add(((LockEvent.Granted) e).owner()));
    }
    assertThat(order).containsExactly(o(2), o(3), o(4));
  }

  @Test
  void writerWaiting_laterReadersQueueBehindIt_writerNotStarved() {
    TableFixture f = new TableFixture().open(1, 2, 3, 4, 5);
    f.s(1, "r");
    assertThat(f.x(2, "r").status()).isEqualTo(Status.WAITING);
    // A stream of readers arrives while reader 1 holds: none may jump the writer.
    for (long reader = 3; reader <= 5; reader++) {
      assertThat(f.s(reader, "r").status()).isEqualTo(Status.WAITING);
      assertThat(f.tryAcquire(reader, 2, "r", LockMode.SHARED).status()).isEqualTo(Status.NOT_GRANTED);
    }
    f.releaseS(1, "r");
    assertThat(f.lastEvents).singleElement().extracting(e -> ((LockEvent.Granted) e).owner()).isEqualTo(o(2));
    f.releaseX(2, "r");
    // Then all the readers behind it together.
    assertThat(f.lastEvents).extracting(e -> ((LockEvent.Granted) e).owner()).containsExactly(o(3), o(4), o(5));
  }

  @Test
  void readersAhead_grantedTogether_writerBehindWaitsForAll() {
    TableFixture f = new TableFixture().open(1, 2, 3, 4);
    f.x(1, "r");
    f.s(2, "r");
    f.s(3, "r");
    f.x(4, "r");
    f.releaseX(1, "r");
    assertThat(f.lastEvents).extracting(e -> ((LockEvent.Granted) e).owner()).containsExactly(o(2), o(3));
    f.releaseS(2, "r");
    assertThat(f.lastEvents).isEmpty();
    f.releaseS(3, "r");
    assertThat(f.lastEvents).extracting(e -> ((LockEvent.Granted) e).owner()).containsExactly(o(4));
  }

  @Test
  void cancelledWriter_releasesReadersQueuedBehindIt() {
    TableFixture f = new TableFixture().open(1, 2, 3);
    f.s(1, "r");
    f.x(2, "r");
    InvocationId writer = f.lastInvocation;
    f.s(3, "r");
    LockResult r = f.cancel(writer);
    assertThat(r).extracting(LockResult::status, LockResult::queuePosition).containsExactly(Status.CANCELLED, 1);
    assertThat(f.lastEvents).containsExactly(
        new LockEvent.Cancelled(writer, o(2), "r", Status.CANCELLED),
        new LockEvent.Granted(new InvocationId(3, 1), o(3), "r", LockMode.SHARED, 2));
  }
}
