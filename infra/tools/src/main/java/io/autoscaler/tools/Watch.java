package io.autoscaler.tools;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Follows a topic and prints one readable line per record.
 *
 * <pre>java io.autoscaler.tools.Watch --topic scale-events [--from beginning|end] [--bootstrap 127.0.0.1:9094]</pre>
 * The topic may be given without its {@code autoscaler.} prefix.
 */
public final class Watch {
    private Watch() {
    }

    public static void main(String[] args) {
        Map<String, String> options = Options.parse(args, Map.of("topic", "scale-events", "from", "beginning",
                "bootstrap", "127.0.0.1:9094"));
        try (Topic topic = new Topic(options.get("topic"), options.get("bootstrap"))) {
            if ("end".equals(options.get("from"))) {
                topic.fromEnd();
            } else {
                topic.fromBeginning();
            }
            System.err.println("Following " + topic.name + " at " + options.get("bootstrap") + " (Ctrl-C to stop)");
            while (true) {
                for (ConsumerRecord<String, byte[]> r : topic.poll()) {
                    System.out.println(EventLine.format(topic.name, r.key(), r.value(), headers(r)));
                }
            }
        }
    }

    private static Map<String, String> headers(ConsumerRecord<?, ?> record) {
        Map<String, String> headers = new HashMap<>();
        for (Header h : record.headers()) {
            headers.put(h.key(), h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8));
        }
        return headers;
    }
}
