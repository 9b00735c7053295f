package dev.switchboard.testing;

import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterClassTemplateInvocationCallback;
import org.junit.jupiter.api.extension.BeforeClassTemplateInvocationCallback;
import org.junit.jupiter.api.extension.ClassTemplateInvocationContext;
import org.junit.jupiter.api.extension.ClassTemplateInvocationContextProvider;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One invocation of an {@link EachStore} class per {@link TestStore}. JUnit runs the {@code beforeAll} callbacks of a
 * class's static extension fields once around the whole template, not per run, so each run brings its own callback
 * ({@link ServersOfRun}) that starts the class's {@link ServerExtension}s on the run's store, then calls its
 * {@link BeforeEachStore} methods, and after the run its {@link AfterEachStore} methods, then stops the servers.
 */
final class StoreInvocations implements ClassTemplateInvocationContextProvider {
    /** Every store, in the order the runs happen; the one place to say which stores the suite covers. */
    static final List<TestStore> STORES = List.of(TestStore.values());

    @Override
    public boolean supportsClassTemplate(ExtensionContext context) {
        return true;
    }

    @Override
    public Stream<ClassTemplateInvocationContext> provideClassTemplateInvocationContexts(ExtensionContext context) {
        return STORES.stream().map(Invocation::new);
    }

    private record Invocation(TestStore store) implements ClassTemplateInvocationContext {
        @Override
        public String getDisplayName(int invocationIndex) {
            return "[" + store.wire() + "]";
        }

        @Override
        public List<Extension> getAdditionalExtensions() {
            return List.of(new ServersOfRun(store));
        }
    }

    /** Whether {@code context} is the class template as a whole rather than one of its runs. */
    static boolean isTemplate(ExtensionContext context) {
        return context.getUniqueId().contains("/[class-template:")
                && !context.getUniqueId().contains("/[class-template-invocation:");
    }

    /** Starts every static {@link ServerExtension} field of the test class on one store, and stops them after the run. */
    private record ServersOfRun(TestStore store) implements BeforeClassTemplateInvocationCallback,
            AfterClassTemplateInvocationCallback {
        @Override
        public void beforeClassTemplateInvocation(ExtensionContext context) throws Exception {
            for (ServerExtension s : servers(context)) s.start(store);
            invoke(context, BeforeEachStore.class);
        }

        @Override
        public void afterClassTemplateInvocation(ExtensionContext context) throws Exception {
            try {
                invoke(context, AfterEachStore.class);
            } finally {
                for (ServerExtension s : servers(context)) s.stop();
            }
        }

        private static void invoke(ExtensionContext context, Class<? extends Annotation> marker) throws Exception {
            for (Method m : context.getRequiredTestClass().getDeclaredMethods()) {
                if (!m.isAnnotationPresent(marker)) continue;
                if (!Modifier.isStatic(m.getModifiers()) || m.getParameterCount() != 0) {
                    throw new IllegalStateException(m + ": @" + marker.getSimpleName() + " methods are static and take nothing");
                }
                m.setAccessible(true);
                try {
                    m.invoke(null);
                } catch (InvocationTargetException e) {
                    if (e.getCause() instanceof Exception ex) throw ex;
                    if (e.getCause() instanceof Error err) throw err;
                    throw e;
                }
            }
        }

        private static List<ServerExtension> servers(ExtensionContext context) throws IllegalAccessException {
            var found = new java.util.ArrayList<ServerExtension>();
            for (Field f : context.getRequiredTestClass().getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) && f.getType() == ServerExtension.class) {
                    f.setAccessible(true);
                    found.add((ServerExtension) f.get(null));
                }
            }
            return found;
        }
    }
}
