package dev.floorwatch.testing;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.GroupState;

/**
 * Waits until a service's consumer group is stable with every partition of its topics assigned:
 * a service that is ready may still be joining its group (or waiting for a killed member's
 * session to end), and a new group starting at the end of a topic would miss what a test
 * produces before then.
 */
public final class ConsumerGroups {

    private ConsumerGroups() {
    }

    public static void awaitAssigned(String group, Duration atMost) {
        awaitAssignedWithout(group, Set.of(), atMost);
    }

    /** The ids of the group's members now (to tell a crashed member from its replacement). */
    public static Set<String> memberIds(String group) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092"))) {
            return admin.describeConsumerGroups(List.of(group)).all().get().get(group).members().stream()
                    .map(MemberDescription::consumerId).collect(Collectors.toSet());
        }
    }

    /**
     * Stable, every member assigned, and none of {@code gone} among them: after a crash the dead
     * member stays assigned until its session times out, so "assigned" alone would pass too early.
     */
    public static void awaitAssignedWithout(String group, Set<String> gone, Duration atMost) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092"))) {
            await().atMost(atMost).pollInterval(Duration.ofMillis(200)).until(() -> {
                ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
                return description.groupState() == GroupState.STABLE && !description.members().isEmpty()
                        && description.members().stream().allMatch(m -> !m.assignment().topicPartitions().isEmpty()
                                && !gone.contains(m.consumerId()));
            });
        }
    }
}
