package io.dsync.jms.broker;

import java.util.List;

/**
 * The outputs of one engine step. Order: the driver persists {@link #records} (in list order,
 * after all records of earlier steps) before it confirms the step to its caller; it may hand
 * {@link #deliveries} to consumers at once.
 *
 * @param records WAL records, in order
 * @param deliveries messages for consumers
 * @param wakeAtMillis when the engine wants {@code onTick} next (Long.MAX_VALUE for never)
 */
public record Effects(List<LogRecord> records, List<Delivery> deliveries, long wakeAtMillis) {
  /** No effects. */
  public static final Effects NONE = new Effects(List.of(), List.of(), Long.MAX_VALUE);

  /** Copies the lists. */
  public Effects {
    records = List.copyOf(records);
    deliveries = List.copyOf(deliveries);
  }
}
