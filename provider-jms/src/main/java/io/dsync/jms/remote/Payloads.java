package io.dsync.jms.remote;

import io.dsync.jms.broker.AckRef;
import io.dsync.jms.broker.BrokerMessage;
import io.dsync.jms.broker.BrokerMessageCodec;
import io.dsync.jms.broker.ConsumerSpec;
import io.dsync.jms.broker.Delivery;
import io.dsync.jms.broker.DestinationKey;
import io.dsync.jms.broker.SubscriptionSpec;
import io.dsync.jms.broker.ValueCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Encodes the arguments and results of the remote operations. */
final class Payloads {
  private Payloads() {}

  /** Writes fields to bytes. */
  static final class Out {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
    private final DataOutputStream out = new DataOutputStream(bytes);

    Out string(String s) {
      try {
        ValueCodec.writeString(out, s);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }

    Out longValue(long v) {
      try {
        out.writeLong(v);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }

    Out intValue(int v) {
      try {
        out.writeInt(v);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }

    Out bool(boolean v) {
      try {
        out.writeBoolean(v);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }

    Out refs(List<AckRef> refs) {
      intValue(refs.size());
      for (AckRef r : refs) {
        string(r.queue()).longValue(r.seq());
      }
      return this;
    }

    Out messages(List<BrokerMessage> messages) {
      intValue(messages.size());
      try {
        for (BrokerMessage m : messages) {
          BrokerMessageCodec.write(out, m);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }

    Out delivery(Delivery d) {
      longValue(d.consumerId()).string(d.ref().queue()).longValue(d.ref().seq()).intValue(d.deliveryCount());
      return messages(List.of(d.message()));
    }

    Out spec(ConsumerSpec s) {
      longValue(s.consumerId()).string(s.connectionId()).string(s.destination().toString()).string(s.selector()).bool(s.noLocal());
      SubscriptionSpec sub = s.subscription();
      bool(sub != null);
      if (sub != null) {
        string(sub.name()).string(sub.clientId()).bool(sub.durable()).bool(sub.shared());
      }
      return intValue(s.prefetch());
    }

    byte[] bytes() {
      return bytes.toByteArray();
    }
  }

  /** Reads fields from bytes; IllegalArgumentException for malformed input. */
  static final class In {
    private final DataInputStream in;

    In(byte[] body) {
      in = new DataInputStream(new ByteArrayInputStream(body));
    }

    private IllegalArgumentException bad(IOException e) {
      return new IllegalArgumentException("malformed JMS request: " + e.getMessage(), e);
    }

    String string() {
      try {
        return ValueCodec.readString(in);
      } catch (IOException e) {
        throw bad(e);
      }
    }

    long longValue() {
      try {
        return in.readLong();
      } catch (IOException e) {
        throw bad(e);
      }
    }

    int intValue() {
      try {
        return in.readInt();
      } catch (IOException e) {
        throw bad(e);
      }
    }

    boolean bool() {
      try {
        return in.readBoolean();
      } catch (IOException e) {
        throw bad(e);
      }
    }

    private int count() {
      int n = intValue();
      if (n < 0 || n > 1_000_000) {
        throw new IllegalArgumentException("malformed JMS request: count " + n);
      }
      return n;
    }

    List<AckRef> refs() {
      int n = count();
      List<AckRef> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        out.add(new AckRef(string(), longValue()));
      }
      return out;
    }

    List<BrokerMessage> messages() {
      int n = count();
      List<BrokerMessage> out = new ArrayList<>(n);
      try {
        for (int i = 0; i < n; i++) {
          out.add(BrokerMessageCodec.read(in));
        }
      } catch (IOException e) {
        throw bad(e);
      }
      return out;
    }

    Delivery delivery() {
      long consumer = longValue();
      AckRef ref = new AckRef(string(), longValue());
      int count = intValue();
      return new Delivery(consumer, ref, messages().get(0), count);
    }

    ConsumerSpec spec() {
      long id = longValue();
      String conn = string();
      DestinationKey dest = DestinationKey.parse(string());
      String selector = string();
      boolean noLocal = bool();
      SubscriptionSpec sub = bool() ? new SubscriptionSpec(string(), string(), bool(), bool()) : null;
      return new ConsumerSpec(id, conn, dest, selector, noLocal, sub, intValue());
    }
  }
}
