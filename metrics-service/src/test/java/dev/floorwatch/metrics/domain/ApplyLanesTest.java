package dev.floorwatch.metrics.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ApplyLanesTest {

    @Test
    void eachTenantGoesWholeToTheLaneWithTheFewestEventsSoFar() {
        Map<String, List<String>> byTenant = new LinkedHashMap<>();
        byTenant.put("busy", List.of("b1", "b2", "b3", "b4", "b5"));
        byTenant.put("a", List.of("a1", "a2"));
        byTenant.put("b", List.of("b1"));
        byTenant.put("c", List.of("c1", "c2", "c3"));

        List<Map<String, List<String>>> lanes = ApplyLanes.split(byTenant, 2);

        assertEquals(2, lanes.size());
        assertEquals(List.of("busy"), List.copyOf(lanes.get(0).keySet()));
        assertEquals(List.of("a", "b", "c"), List.copyOf(lanes.get(1).keySet()), "a, b and c fit beside busy: 2, 3, then 6 against 5");
        assertEquals(List.of("c1", "c2", "c3"), lanes.get(1).get("c"), "a tenant's events keep their order");
    }

    @Test
    void noMoreLanesThanTenantsAndOneLaneForNothing() {
        Map<String, List<String>> one = Map.of("only", List.of("e1", "e2"));

        assertEquals(List.of(one), ApplyLanes.split(one, 4));
        assertEquals(1, ApplyLanes.split(Map.<String, List<String>>of(), 2).size());
        assertEquals(List.of(one), ApplyLanes.split(one, 0), "zero lanes is read as one");
    }
}
