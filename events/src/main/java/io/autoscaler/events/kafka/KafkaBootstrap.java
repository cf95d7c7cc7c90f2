package io.autoscaler.events.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;

/**
 * Makes a secured broker ready for the stack, as the admin: a SCRAM user per principal of
 * {@link KafkaAccess#TABLE} with its password, the table's ACLs, then the topics. Idempotent: run at
 * every {@code infra/stack up}; setting a password again rotates it without restarting the broker, and
 * an ACL of a table principal that the table no longer grants (an older stack's) is deleted.
 */
public final class KafkaBootstrap {
    private static final int SCRAM_ITERATIONS = 8192;

    private KafkaBootstrap() {
    }

    /** @param passwords each principal of the table by name; a principal left out keeps what it has */
    public static void run(Map<String, Object> adminConfig, Map<String, String> passwords, Duration timeout)
            throws InterruptedException, TimeoutException, ExecutionException {
        try (Admin admin = Admin.create(TopicAdmin.adminConfig(adminConfig, timeout))) {
            List<UserScramCredentialAlteration> users = new ArrayList<>();
            passwords.forEach((principal, password) -> {
                KafkaAccess.of(principal);
                KafkaSecurity.scram(principal, password); // the same checks as every client's
                users.add(new UserScramCredentialUpsertion(principal,
                        new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, SCRAM_ITERATIONS), password));
            });
            if (!users.isEmpty()) {
                admin.alterUserScramCredentials(users).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
            List<AclBinding> acls = KafkaAccess.TABLE.stream().flatMap(g -> KafkaAccess.acls(g).stream()).toList();
            admin.createAcls(acls).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Set<String> principals = KafkaAccess.TABLE.stream().map(g -> "User:" + g.principal())
                    .collect(Collectors.toSet());
            List<AclBindingFilter> stale = admin.describeAcls(AclBindingFilter.ANY).values()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).stream()
                    .filter(b -> principals.contains(b.entry().principal()) && !acls.contains(b))
                    .map(AclBinding::toFilter).toList();
            if (!stale.isEmpty()) {
                admin.deleteAcls(stale).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        TopicAdmin.ensureTopics(adminConfig, timeout);
    }
}
