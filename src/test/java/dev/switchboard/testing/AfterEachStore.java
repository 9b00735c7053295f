package dev.switchboard.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a static method of an {@link EachStore} class that runs after each store's run of the class, before its
 * servers stop (close clients). JUnit's own {@code @AfterAll} runs once, after every run ended.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface AfterEachStore {}
