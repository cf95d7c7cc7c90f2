package io.autoscaler.decisionengine.engine;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A batch shared out over lanes: each pool's items are handled in the batch's order, on one lane, never
 * by two threads at once; the pools are spread over every lane; the call returns once all are handled.
 */
class LanesTest {
    private record Item(String pool, int seq) {
    }

    @ParameterizedTest(name = "{0} lanes, {1} pools, {2} items each")
    @CsvSource({ "1, 10, 100", "2, 1000, 5", "4, 50, 200", "3, 1, 500" })
    void eachPoolInOrderOnOneLaneAndEveryLaneUsed(int count, int poolCount, int perPool) {
        List<Item> batch = new ArrayList<>();
        for (int seq = 0; seq < perPool; seq++) {
            for (int p = 0; p < poolCount; p++) {
                batch.add(new Item("pool-" + p, seq));
            }
        }
        Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
        Map<String, Set<String>> threads = new ConcurrentHashMap<>();
        Map<String, AtomicBoolean> busy = new ConcurrentHashMap<>();
        Set<String> overlapping = ConcurrentHashMap.newKeySet();
        try (Lanes lanes = new Lanes(count)) {
            lanes.handle(batch, Item::pool, item -> {
                AtomicBoolean inUse = busy.computeIfAbsent(item.pool(), p -> new AtomicBoolean());
                if (!inUse.compareAndSet(false, true)) {
                    overlapping.add(item.pool());
                }
                seen.computeIfAbsent(item.pool(), p -> new ArrayList<>()).add(item.seq());
                threads.computeIfAbsent(item.pool(), p -> ConcurrentHashMap.newKeySet()).add(Thread.currentThread().getName());
                inUse.set(false);
            });
        }

        assertThat("every item handled before handle returns", seen.values().stream().mapToInt(List::size).sum(),
                is(batch.size()));
        seen.values().forEach(order -> assertThat(order, is(java.util.stream.IntStream.range(0, perPool).boxed().toList())));
        assertThat("never two threads on one pool at once", overlapping, is(Set.of()));
        threads.values().forEach(names -> assertThat(names.size(), is(1)));
        long used = threads.values().stream().flatMap(Set::stream).distinct().count();
        assertThat("pools spread over the lanes", used, is((long) Math.min(count, poolCount)));
    }
}
