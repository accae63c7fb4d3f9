/**
 * The narrow interface between the JMS façade and a broker: {@link io.dsync.jms.link.BrokerLink},
 * one per JMS connection. Implemented by the embedded broker today; a remote (TCP) and a
 * simulated implementation plug in behind the same interface.
 */
package io.dsync.jms.link;
