package io.dsync.jms;

import jakarta.jms.IllegalStateException;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.InvalidClientIDException;
import jakarta.jms.InvalidClientIDRuntimeException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.InvalidDestinationRuntimeException;
import jakarta.jms.InvalidSelectorException;
import jakarta.jms.InvalidSelectorRuntimeException;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.JMSSecurityRuntimeException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageFormatRuntimeException;
import jakarta.jms.MessageNotWriteableException;
import jakarta.jms.MessageNotWriteableRuntimeException;
import jakarta.jms.ResourceAllocationException;
import jakarta.jms.ResourceAllocationRuntimeException;
import jakarta.jms.TransactionInProgressException;
import jakarta.jms.TransactionInProgressRuntimeException;
import jakarta.jms.TransactionRolledBackException;
import jakarta.jms.TransactionRolledBackRuntimeException;

/** The simplified API's unchecked twin of each checked JMS exception (§2.8, §12). */
final class RuntimeExceptions {
  private RuntimeExceptions() {}

  static JMSRuntimeException of(JMSException e) {
    String msg = e.getMessage();
    String code = e.getErrorCode();
    JMSRuntimeException r;
    if (e instanceof IllegalStateException) {
      r = new IllegalStateRuntimeException(msg, code, e);
    } else if (e instanceof InvalidClientIDException) {
      r = new InvalidClientIDRuntimeException(msg, code, e);
    } else if (e instanceof InvalidDestinationException) {
      r = new InvalidDestinationRuntimeException(msg, code, e);
    } else if (e instanceof InvalidSelectorException) {
      r = new InvalidSelectorRuntimeException(msg, code, e);
    } else if (e instanceof JMSSecurityException) {
      r = new JMSSecurityRuntimeException(msg, code, e);
    } else if (e instanceof MessageFormatException) {
      r = new MessageFormatRuntimeException(msg, code, e);
    } else if (e instanceof MessageNotWriteableException) {
      r = new MessageNotWriteableRuntimeException(msg, code, e);
    } else if (e instanceof ResourceAllocationException) {
      r = new ResourceAllocationRuntimeException(msg, code, e);
    } else if (e instanceof TransactionInProgressException) {
      r = new TransactionInProgressRuntimeException(msg, code, e);
    } else if (e instanceof TransactionRolledBackException) {
      r = new TransactionRolledBackRuntimeException(msg, code, e);
    } else {
      r = new JMSRuntimeException(msg, code, e);
    }
    return r;
  }
}
