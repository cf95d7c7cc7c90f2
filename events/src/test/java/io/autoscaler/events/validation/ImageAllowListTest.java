package io.autoscaler.events.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageAllowListTest {
    @ParameterizedTest(name = "{0} allows {1}: {2}")
    @CsvSource({
            "autoscaler/*,                  autoscaler/demo-app,               true",
            "autoscaler/*,                  autoscaler/demo-app:1.2,           true",
            "autoscaler/*,                  autoscaler/team/demo-app,          false",
            "autoscaler/*,                  evil/demo-app,                     false",
            "registry.example.com/team/**,  registry.example.com/team/a/b:3,   true",
            "registry.example.com/team/**,  registry.example.com/other/a,      false",
            "nginx,                         nginx,                             true",
            "nginx,                         nginx:1.27,                        true",
            "nginx,                         nginx-evil,                        false",
            "nginx:1.27,                    nginx:1.27,                        true",
            "nginx:1.27,                    nginx:latest,                      false",
            "localhost:5000/app,            localhost:5000/app:2,              true",
            "**,                            anything/at/all:1,                 true",
    })
    void patternsMatchImageReferences(String pattern, String image, boolean allowed) {
        assertEquals(allowed, new ImageAllowList(List.of(pattern)).allows(image));
    }
}
