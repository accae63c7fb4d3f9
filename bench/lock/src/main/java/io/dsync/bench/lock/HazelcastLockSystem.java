package io.dsync.bench.lock;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.cp.CPGroup;
import com.hazelcast.cp.CPGroupId;
import com.hazelcast.cp.IAtomicLong;
import com.hazelcast.cp.internal.RaftService;
import com.hazelcast.cp.internal.raft.impl.RaftEndpoint;
import com.hazelcast.cp.internal.raft.impl.RaftNode;
import com.hazelcast.instance.impl.HazelcastInstanceProxy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;

/**
 * Three Hazelcast 5.4.0 members embedded in this JVM on 127.0.0.1 (TCP/IP join, no multicast,
 * free ports), with a CP subsystem of all three: {@code FencedLock} runs on the CP Raft group
 * {@code default}. Locks are taken through the proxy of the member that leads that group at start
 * (found through Hazelcast's internal RaftService), so a call commits without a hop to another
 * member first — the same access as dsync's embedded rows, which use the leader node's API. Hazelcast's open-source CP
 * subsystem keeps its Raft log in memory only (CP persistence is an Enterprise feature), so the
 * fair dsync comparison for durability is {@code dsync-nofsync}.
 */
final class HazelcastLockSystem implements LockSystem {
  private final List<HazelcastInstance> members = new ArrayList<>();
  private HazelcastInstance leader;
  private IAtomicLong counter;

  HazelcastLockSystem() {
    try {
      String cluster = "dsync-bench-" + UUID.randomUUID();
      List<Integer> ports = List.of(freePort(), freePort(), freePort());
      List<String> addresses = ports.stream().map(p -> "127.0.0.1:" + p).toList();
      List<CompletableFuture<HazelcastInstance>> starting = new ArrayList<>();
      for (int port : ports) {
        Config c = config(cluster, port, addresses);
        starting.add(CompletableFuture.supplyAsync(() -> Hazelcast.newHazelcastInstance(c)));
      }
      for (CompletableFuture<HazelcastInstance> f : starting) {
        members.add(f.get(120, TimeUnit.SECONDS));
      }
      if (!members.get(0).getCPSubsystem().getCPSubsystemManagementService()
          .awaitUntilDiscoveryCompleted(120, TimeUnit.SECONDS)) {
        throw new IllegalStateException("Hazelcast CP subsystem discovery did not complete within 120 s");
      }
      Lock first = members.get(0).getCPSubsystem().getLock("warm-up"); // creates the CP group 'default'
      first.lock();
      first.unlock();
      leader = leaderOfDefaultGroup();
      counter = leader.getCPSubsystem().getAtomicLong("commit-reference");
      counter.incrementAndGet();
    } catch (IOException e) {
      close();
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new IllegalStateException("interrupted while starting Hazelcast", e);
    } catch (Exception e) {
      close();
      throw new IllegalStateException("Hazelcast CP did not start: " + e, e);
    }
  }

  /** The member whose CP Raft node leads the group {@code default} (waits for one, at most 60 s). */
  private HazelcastInstance leaderOfDefaultGroup() throws Exception {
    CPGroupId group = members.get(0).getCPSubsystem().getCPSubsystemManagementService()
        .getCPGroup(CPGroup.DEFAULT_GROUP_NAME).toCompletableFuture().get(60, TimeUnit.SECONDS).id();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      for (HazelcastInstance m : members) {
        RaftService raft = ((HazelcastInstanceProxy) m).getOriginal().node.getNodeEngine()
            .getService(RaftService.SERVICE_NAME);
        RaftNode node = raft.getRaftNode(group);
        RaftEndpoint l = node == null ? null : node.getLeader();
        if (l != null && l.getUuid().equals(m.getCPSubsystem().getLocalCPMember().getUuid())) {
          return m;
        }
      }
      Thread.sleep(20); // setup only, outside any measurement
    }
    throw new IllegalStateException("no leader of the CP group 'default' within 60 s");
  }

  private static Config config(String cluster, int port, List<String> addresses) {
    Config c = new Config();
    c.setClusterName(cluster);
    c.setProperty("hazelcast.phone.home.enabled", "false");
    c.setProperty("hazelcast.logging.type", "slf4j");
    NetworkConfig n = c.getNetworkConfig();
    n.setPort(port).setPortAutoIncrement(false);
    n.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    JoinConfig j = n.getJoin();
    j.getMulticastConfig().setEnabled(false);
    j.getAutoDetectionConfig().setEnabled(false);
    j.getTcpIpConfig().setEnabled(true).setMembers(addresses);
    c.getCPSubsystemConfig().setCPMemberCount(3).setGroupSize(3);
    return c;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Override
  public Lock lock(String name) {
    return leader.getCPSubsystem().getLock(name);
  }

  /**
   * Terminates the members at once: a graceful shutdown of CP members one by one removes each from
   * the CP groups and fails (logging errors) once the last two cannot form a majority.
   */
  @Override
  public void commitOnce() {
    counter.incrementAndGet();
  }

  @Override
  public void close() {
    members.forEach(m -> m.getLifecycleService().terminate());
    members.clear();
  }
}
