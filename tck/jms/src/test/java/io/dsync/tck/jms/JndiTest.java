package io.dsync.tck.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsync.jms.jndi.DsyncInitialContextFactory;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Queue;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import java.util.Hashtable;
import javax.naming.Context;
import javax.naming.InitialContext;
import javax.naming.NameNotFoundException;
import javax.naming.OperationNotSupportedException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Administered objects through JNDI (chapter 5). */
@DisplayName("5 Administered objects (JNDI)")
class JndiTest extends JmsTestBase {

  private Context context() throws Exception {
    Hashtable<String, String> env = new Hashtable<>();
    env.put(Context.INITIAL_CONTEXT_FACTORY, DsyncInitialContextFactory.class.getName());
    env.put(Context.PROVIDER_URL, url(""));
    env.put("queue.jms/Orders", "orders");
    env.put("topic.jms/News", "news");
    env.put("connectionFactory.Other", url(""));
    return new InitialContext(env);
  }

  @Test
  @DisplayName("5 ConnectionFactory, a queue and a topic are looked up by name and work")
  void lookupAndUse() throws Exception {
    Context ctx = context();
    ConnectionFactory cf = (ConnectionFactory) ctx.lookup("ConnectionFactory");
    Queue q = (Queue) ctx.lookup("jms/Orders");
    assertThat(q.getQueueName()).isEqualTo("orders");
    assertThat(((Topic) ctx.lookup("jms/News")).getTopicName()).isEqualTo("news");
    assertThat(ctx.lookup("Other")).isInstanceOf(ConnectionFactory.class);
    try (var jms = cf.createContext()) {
      jms.createProducer().send(q, "via jndi");
      assertThat(jms.createConsumer(q).receiveBody(String.class, 2000)).isEqualTo("via jndi");
    }
    var c = session.createConsumer(session.createQueue("orders"));
    assertThat(c.receive(100)).isNull();
    assertThat(((TextMessage) session.createTextMessage("x")).getText()).isEqualTo("x");
  }

  @Test
  @DisplayName("5 dynamicQueues/NAME resolves without configuration")
  void dynamic() throws Exception {
    assertThat(((Queue) context().lookup("dynamicQueues/abc")).getQueueName()).isEqualTo("abc");
    assertThat(((Topic) context().lookup("dynamicTopics/t")).getTopicName()).isEqualTo("t");
  }

  @Test
  @DisplayName("5 an unknown name is NameNotFoundException; the context is read-only")
  void unknownAndReadOnly() throws Exception {
    Context ctx = context();
    assertThatThrownBy(() -> ctx.lookup("missing")).isInstanceOf(NameNotFoundException.class);
    assertThatThrownBy(() -> ctx.bind("x", "y")).isInstanceOf(OperationNotSupportedException.class);
  }

  @Test
  @DisplayName("5 jndi.properties on the class path alone selects dsync's factory and destinations")
  void jndiPropertiesFile() throws Exception {
    InitialContext ctx = new InitialContext();
    ConnectionFactory cf = (ConnectionFactory) ctx.lookup("ConnectionFactory");
    Queue q = (Queue) ctx.lookup("jms/Invoices");
    assertThat(((Topic) ctx.lookup("jms/Alerts")).getTopicName()).isEqualTo("alerts");
    try (var jms = cf.createContext()) {
      jms.createProducer().send(q, "invoice-1");
      assertThat(jms.createConsumer(q).receiveBody(String.class, 2000)).isEqualTo("invoice-1");
    } finally {
      io.dsync.jms.server.EmbeddedBrokers.stop("jndi-file");
    }
  }
}
