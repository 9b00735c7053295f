package dev.switchboard;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Tarjan's strongly connected components: every set of two or more packages that reach each other is a cycle. */
final class PackageCycles {
    private final Map<String, Set<String>> graph;
    private final Map<String, Integer> index = new HashMap<>();
    private final Map<String, Integer> low = new HashMap<>();
    private final Deque<String> stack = new ArrayDeque<>();
    private final Set<String> onStack = new HashSet<>();
    private final List<String> cycles = new ArrayList<>();
    private int next;

    private PackageCycles(Map<String, Set<String>> graph) {
        this.graph = graph;
    }

    /** Each cycle as its sorted package names joined by " <-> " (the root package shows as "(root)"). */
    static List<String> find(Map<String, Set<String>> graph) {
        var finder = new PackageCycles(graph);
        for (String node : graph.keySet()) if (!finder.index.containsKey(node)) finder.visit(node);
        return finder.cycles;
    }

    private void visit(String node) {
        index.put(node, next);
        low.put(node, next);
        next++;
        stack.push(node);
        onStack.add(node);
        for (String to : graph.getOrDefault(node, Set.of())) {
            if (!index.containsKey(to)) {
                visit(to);
                low.put(node, Math.min(low.get(node), low.get(to)));
            } else if (onStack.contains(to)) {
                low.put(node, Math.min(low.get(node), index.get(to)));
            }
        }
        if (low.get(node).equals(index.get(node))) {
            var component = new TreeSet<String>();
            String member;
            do {
                member = stack.pop();
                onStack.remove(member);
                component.add(member.isEmpty() ? "(root)" : member);
            } while (!member.equals(node));
            if (component.size() > 1) cycles.add(String.join(" <-> ", component));
        }
    }
}
