package io.dsync.jms.selector;

/** What a selector reads: the value of a property or selectable header field, or null. */
@FunctionalInterface
public interface SelectorContext {
  /**
   * The value of an identifier: Boolean, Byte, Short, Integer, Long, Float, Double or String, or
   * null when the message has no such property.
   */
  Object lookup(String identifier);
}
