package dev.switchboard.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a static method of an {@link EachStore} class that runs before each store's run of the class, after its
 * servers started (seed data, open clients). JUnit's own {@code @BeforeAll} runs once around all the runs, before any
 * server exists.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface BeforeEachStore {}
