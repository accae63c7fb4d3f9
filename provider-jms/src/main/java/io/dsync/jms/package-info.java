/** The Jakarta Messaging 3.1 provider of dsync: client façade over a narrow broker interface. */
package io.dsync.jms;
