/**
 * The JMS message selector language (the SQL-92 conditional expression subset of Jakarta
 * Messaging 3.1 §3.8.1): a hand-written lexer and recursive-descent parser producing an
 * expression tree evaluated with SQL three-valued logic ({@code null} stands for UNKNOWN).
 * Pure computation, no threads, clocks or I/O.
 */
package io.dsync.jms.selector;
