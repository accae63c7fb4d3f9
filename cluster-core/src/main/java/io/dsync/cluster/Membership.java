package io.dsync.cluster;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's current {@link MembershipView} and the listeners told of its changes. The heartbeat
 * driver publishes here; services read {@link #view()} or add a listener. Thread-safe.
 */
public final class Membership {
  private static final Logger log = LoggerFactory.getLogger(Membership.class);

  private volatile MembershipView view;
  private final List<MembershipListener> listeners = new CopyOnWriteArrayList<>();

  public Membership(MembershipView initial) {
    this.view = Objects.requireNonNull(initial, "initial");
  }

  /** The latest view. */
  public MembershipView view() {
    return view;
  }

  /** Adds a listener, called for every later change. */
  public void addListener(MembershipListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** Removes a listener. */
  public void removeListener(MembershipListener listener) {
    listeners.remove(listener);
  }

  /**
   * Publishes a new view and the events that led to it. Called by the driver only, one call at a
   * time; a listener that throws is logged and the others still run.
   */
  public void publish(List<MemberEvent> events, MembershipView newView) {
    this.view = Objects.requireNonNull(newView, "newView");
    for (MemberEvent event : events) {
      log.info("member {} is {}{} (at {})", event.id(), event.liveness(),
          event.restarted() ? ", restarted" : "", event.atMillis());
      for (MembershipListener listener : listeners) {
        try {
          listener.onChange(event, newView);
        } catch (RuntimeException e) {
          log.error("membership listener failed on {}", event, e);
        }
      }
    }
  }
}
