package com.nlre.tenancy.bench.cpu;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ThreadStatesTest {

    private static final String DUMP = """
            2026-11-27 11:00:00
            Full thread dump OpenJDK 64-Bit Server VM (17.0.15+6-Debian-1deb12u1 mixed mode, sharing):

            "http-nio-127.0.0.1-18001-exec-1" #41 daemon prio=5 os_prio=0 cpu=120.00ms elapsed=30.00s tid=0x1 nid=0x2 waiting on condition  [0x3]
               java.lang.Thread.State: WAITING (parking)
            \tat jdk.internal.misc.Unsafe.park(java.base@17.0.15/Native Method)
            \t- parking to wait for  <0x00000000c1a2b3c4> (a java.util.concurrent.locks.ReentrantLock$NonfairSync)
            \tat java.util.concurrent.locks.LockSupport.park(java.base@17.0.15/LockSupport.java:211)
            \tat com.nlre.tenancy.command.quota.QuotaGate.reserve(QuotaGate.java:40)

            "http-nio-127.0.0.1-18001-exec-2" #42 daemon prio=5 os_prio=0 cpu=90.00ms elapsed=30.00s tid=0x4 nid=0x5 runnable  [0x6]
               java.lang.Thread.State: RUNNABLE
            \tat java.net.SocketInputStream.socketRead0(java.base@17.0.15/Native Method)
            \tat org.postgresql.core.PGStream.receive(PGStream.java:1)
            \tat com.nlre.tenancy.command.lead.LeadController.add(LeadController.java:55)

            "http-nio-127.0.0.1-18001-exec-3" #43 daemon prio=5 os_prio=0 cpu=1.00ms elapsed=30.00s tid=0x7 nid=0x8 waiting on condition  [0x9]
               java.lang.Thread.State: WAITING (parking)
            \tat jdk.internal.misc.Unsafe.park(java.base@17.0.15/Native Method)
            \t- parking to wait for  <0x00000000c0000001> (a java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionObject)
            \tat java.util.concurrent.locks.LockSupport.park(java.base@17.0.15/LockSupport.java:341)
            \tat org.apache.tomcat.util.threads.TaskQueue.take(TaskQueue.java:141)

            "kafka-producer-network-thread | producer-1" #50 daemon prio=5 os_prio=0 cpu=5.00ms elapsed=30.00s tid=0xa nid=0xb runnable  [0xc]
               java.lang.Thread.State: RUNNABLE
            \tat sun.nio.ch.EPoll.wait(java.base@17.0.15/Native Method)
            """;

    @Test
    void classifiesOnlyRequestThreadsByStateAndWhatTheyWaitOn() {
        List<ThreadStates.Sample> samples = ThreadStates.requestThreads(DUMP);

        assertThat(samples).extracting(ThreadStates.Sample::thread).containsExactly(
                "http-nio-127.0.0.1-18001-exec-1", "http-nio-127.0.0.1-18001-exec-2",
                "http-nio-127.0.0.1-18001-exec-3");
        assertThat(samples.get(0).state()).isEqualTo("WAITING");
        assertThat(samples.get(0).where()).isEqualTo("parking to wait for  (a "
                + "java.util.concurrent.locks.ReentrantLock$NonfairSync) in jdk.internal.misc.Unsafe.park, under "
                + "com.nlre.tenancy.command.quota.QuotaGate.reserve");
        assertThat(samples.get(1).where()).isEqualTo("java.net.SocketInputStream.socketRead0, under "
                + "com.nlre.tenancy.command.lead.LeadController.add");
        assertThat(samples.get(2).where()).isEqualTo("idle (waiting for a request)");
    }

    @Test
    void countsSamplesOverSeveralDumpsMostFrequentFirst() {
        ThreadStates states = new ThreadStates();
        states.add(DUMP);
        states.add(DUMP);

        assertThat(states.dumps()).isEqualTo(2);
        assertThat(states.byState()).containsExactly(Map.entry("WAITING", 4L), Map.entry("RUNNABLE", 2L));
        assertThat(states.byPlace().values()).containsExactly(2L, 2L, 2L);
    }
}
