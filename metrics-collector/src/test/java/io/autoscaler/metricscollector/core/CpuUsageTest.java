package io.autoscaler.metricscollector.core;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;

import java.util.OptionalDouble;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CpuUsageTest {

    /** Samples one second apart on a 2-CPU host: the system counter advances 2 CPU-seconds. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
            # case,                                     Δcontainer ns, Δsystem ns,    cpus, limit, percent
            idle,                                       0,             2000000000,    2,    0,     0
            one core busy without limit,                1000000000,    2000000000,    2,    0,     100
            two cores busy without limit,               2000000000,    2000000000,    2,    0,     200
            half a core without limit,                  500000000,     2000000000,    2,    0,     50
            half a core with a 0.5 CPU limit,           500000000,     2000000000,    2,    0.5,   100
            a quarter core with a 0.5 CPU limit,        250000000,     2000000000,    2,    0.5,   50
            one core with a 2 CPU limit,                1000000000,    2000000000,    2,    2,     50
            one core of a 4-CPU host,                   1000000000,    4000000000,    4,    0,     100
            unknown online CPUs count as one,           500000000,     1000000000,    0,    0,     50
            """)
    void percentOfTheLimitOrOfOneCore(String name, long container, long system, int cpus, double limit, double expected) {
        CpuSample before = new CpuSample(10_000_000_000L, 500_000_000_000L, cpus);
        CpuSample after = new CpuSample(before.containerNanos() + container, before.systemNanos() + system, cpus);
        assertThat(CpuUsage.percent(before, after, limit).orElseThrow(), closeTo(expected, 1e-9));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
            # case,                                  before container, before system, after container, after system
            no time elapsed,                         100,              1000,          100,             1000
            container counter went backwards,        500,              1000,          100,             2000
            system counter went backwards,           100,              2000,          200,             1000
            first frame (no earlier sample),         0,                0,             100,             2000
            """)
    void noPercentWhenTheSamplesCannotGiveARate(String name, long c0, long s0, long c1, long s1) {
        assertThat(CpuUsage.percent(new CpuSample(c0, s0, 2), new CpuSample(c1, s1, 2), 0), equalTo(OptionalDouble.empty()));
    }

    @Test
    void noPercentWithoutAnEarlierSample() {
        assertThat(CpuUsage.percent(null, new CpuSample(1, 1, 1), 0).isPresent(), is(false));
    }

    @ParameterizedTest(name = "NanoCpus {0}, quota {1}, period {2} -> {3}")
    @CsvSource(nullValues = "null", textBlock = """
            1500000000, null,   null,   1.5
            500000000,  50000,  100000, 0.5
            0,          50000,  100000, 0.5
            null,       200000, 100000, 2
            null,       50000,  null,   0.5
            0,          0,      100000, 0
            null,       -1,     null,   0
            null,       null,   null,   0
            """)
    void theLimitIsNanoCpusElseTheQuotaOverThePeriod(Long nanoCpus, Long quota, Long period, double expected) {
        assertThat(CpuUsage.limitCpus(nanoCpus, quota, period), closeTo(expected, 1e-9));
    }

    @ParameterizedTest(name = "usage {0}, total_inactive_file {1}, inactive_file {2} -> {3}")
    @CsvSource(nullValues = "null", textBlock = """
            1000, 200,  null, 800
            1000, null, 300,  700
            1000, 2000, null, 1000
            1000, null, null, 1000
            null, 100,  null, 0
            0,    null, null, 0
            """)
    void memoryLeavesOutTheDroppablePageCache(Long usage, Long totalInactive, Long inactive, long expected) {
        assertThat(CpuUsage.memoryBytes(usage, totalInactive, inactive), equalTo(expected));
    }
}
