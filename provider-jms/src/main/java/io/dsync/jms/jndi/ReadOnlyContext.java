package io.dsync.jms.jndi;

import io.dsync.jms.DsyncQueue;
import io.dsync.jms.DsyncTopic;
import java.util.Collections;
import java.util.Hashtable;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import javax.naming.Binding;
import javax.naming.CompositeName;
import javax.naming.Context;
import javax.naming.Name;
import javax.naming.NameClassPair;
import javax.naming.NameNotFoundException;
import javax.naming.NameParser;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.OperationNotSupportedException;

/** A flat, read-only naming context over a fixed map of bindings. Thread-safe. */
final class ReadOnlyContext implements Context {
  private final Hashtable<Object, Object> environment;
  private final Map<String, Object> bindings;

  ReadOnlyContext(Hashtable<?, ?> environment, Map<String, Object> bindings) {
    this.environment = new Hashtable<>(environment);
    this.bindings = Collections.unmodifiableMap(new TreeMap<>(bindings));
  }

  @Override
  public Object lookup(String name) throws NamingException {
    if (name.isEmpty()) {
      return this;
    }
    Object o = bindings.get(name);
    if (o != null) {
      return o;
    }
    if (name.startsWith("dynamicQueues/") && name.length() > 14) {
      return new DsyncQueue(name.substring(14));
    }
    if (name.startsWith("dynamicTopics/") && name.length() > 14) {
      return new DsyncTopic(name.substring(14));
    }
    throw new NameNotFoundException("nothing is bound to '" + name + "' (known: " + bindings.keySet() + ")");
  }

  @Override
  public Object lookup(Name name) throws NamingException {
    return lookup(name.toString());
  }

  private static OperationNotSupportedException readOnly() {
    return new OperationNotSupportedException("the dsync JNDI context is read-only; configure it through jndi.properties");
  }

  @Override
  public void bind(Name name, Object obj) throws NamingException {
    throw readOnly();
  }

  @Override
  public void bind(String name, Object obj) throws NamingException {
    throw readOnly();
  }

  @Override
  public void rebind(Name name, Object obj) throws NamingException {
    throw readOnly();
  }

  @Override
  public void rebind(String name, Object obj) throws NamingException {
    throw readOnly();
  }

  @Override
  public void unbind(Name name) throws NamingException {
    throw readOnly();
  }

  @Override
  public void unbind(String name) throws NamingException {
    throw readOnly();
  }

  @Override
  public void rename(Name oldName, Name newName) throws NamingException {
    throw readOnly();
  }

  @Override
  public void rename(String oldName, String newName) throws NamingException {
    throw readOnly();
  }

  @Override
  public NamingEnumeration<NameClassPair> list(Name name) throws NamingException {
    return list(name.toString());
  }

  @Override
  public NamingEnumeration<NameClassPair> list(String name) throws NamingException {
    Iterator<Map.Entry<String, Object>> it = bindings.entrySet().iterator();
    return new Enumeration<>(() -> {
      Map.Entry<String, Object> e = it.next();
      return new NameClassPair(e.getKey(), e.getValue().getClass().getName());
    }, it);
  }

  @Override
  public NamingEnumeration<Binding> listBindings(Name name) throws NamingException {
    return listBindings(name.toString());
  }

  @Override
  public NamingEnumeration<Binding> listBindings(String name) throws NamingException {
    Iterator<Map.Entry<String, Object>> it = bindings.entrySet().iterator();
    return new Enumeration<>(() -> {
      Map.Entry<String, Object> e = it.next();
      return new Binding(e.getKey(), e.getValue());
    }, it);
  }

  private static final class Enumeration<T> implements NamingEnumeration<T> {
    private final java.util.function.Supplier<T> next;
    private final Iterator<?> it;

    Enumeration(java.util.function.Supplier<T> next, Iterator<?> it) {
      this.next = next;
      this.it = it;
    }

    @Override
    public T next() {
      return next.get();
    }

    @Override
    public boolean hasMore() {
      return it.hasNext();
    }

    @Override
    public void close() {}

    @Override
    public boolean hasMoreElements() {
      return it.hasNext();
    }

    @Override
    public T nextElement() {
      return next.get();
    }
  }

  @Override
  public void destroySubcontext(Name name) throws NamingException {
    throw readOnly();
  }

  @Override
  public void destroySubcontext(String name) throws NamingException {
    throw readOnly();
  }

  @Override
  public Context createSubcontext(Name name) throws NamingException {
    throw readOnly();
  }

  @Override
  public Context createSubcontext(String name) throws NamingException {
    throw readOnly();
  }

  @Override
  public Object lookupLink(Name name) throws NamingException {
    return lookup(name);
  }

  @Override
  public Object lookupLink(String name) throws NamingException {
    return lookup(name);
  }

  @Override
  public NameParser getNameParser(Name name) {
    return CompositeName::new;
  }

  @Override
  public NameParser getNameParser(String name) {
    return CompositeName::new;
  }

  @Override
  public Name composeName(Name name, Name prefix) throws NamingException {
    return ((Name) prefix.clone()).addAll(name);
  }

  @Override
  public String composeName(String name, String prefix) {
    return prefix.isEmpty() ? name : prefix + "/" + name;
  }

  @Override
  public Object addToEnvironment(String propName, Object propVal) {
    return environment.put(propName, propVal);
  }

  @Override
  public Object removeFromEnvironment(String propName) {
    return environment.remove(propName);
  }

  @Override
  public Hashtable<?, ?> getEnvironment() {
    return new Hashtable<>(environment);
  }

  @Override
  public void close() {}

  @Override
  public String getNameInNamespace() {
    return "";
  }
}
