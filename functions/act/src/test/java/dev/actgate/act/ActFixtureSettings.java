package dev.actgate.act;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The application properties ({@code name=value}) the {@link ActFixture} starts the act handler with. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@interface ActFixtureSettings {
    String[] value();
}
