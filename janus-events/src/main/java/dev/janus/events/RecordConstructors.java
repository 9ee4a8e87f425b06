package dev.janus.events;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;

import tools.jackson.core.Version;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.deser.ValueInstantiator;
import tools.jackson.databind.deser.ValueInstantiators;
import tools.jackson.databind.deser.std.StdValueInstantiator;
import tools.jackson.databind.introspect.AnnotatedConstructor;

/**
 * Calls the constructor a record (or other creator-built value) is read through by a method handle prepared once,
 * instead of Jackson 3's {@code MethodHandle.invokeWithArguments}, which adapts the handle to the argument array on
 * every call: in the Redis consumer's profile that adaptation was 7 % of a lane's CPU (two records per event, the
 * content and its context). Only a plain constructor creator is taken over; factories and delegates stay Jackson's.
 * A constructor that throws is reported as Jackson reports it. The event codec's mapper has it; so has every mapper
 * that reads records on a hot path ({@code JsonMapper.builder().addModule(new RecordConstructors())}): memory's Redis
 * stores read history entries, facts and vectors per message.
 */
public final class RecordConstructors extends JacksonModule {

    @Override
    public String getModuleName() {
        return "janus-record-constructors";
    }

    @Override
    public Version version() {
        return Version.unknownVersion();
    }

    @Override
    public void setupModule(SetupContext context) {
        context.addValueInstantiators(new ValueInstantiators.Base() {
            @Override
            public ValueInstantiator modifyValueInstantiator(DeserializationConfig config,
                    BeanDescription.Supplier description, ValueInstantiator instantiator) {
                return instantiator.getClass() == StdValueInstantiator.class
                        && ((StdValueInstantiator) instantiator).canCreateFromObjectWith()
                        ? PreparedConstructor.of((StdValueInstantiator) instantiator) : instantiator;
            }
        });
    }

    /** Jackson's instantiator with its constructor called through a handle that takes the argument array. */
    private static final class PreparedConstructor extends StdValueInstantiator {

        private final MethodHandle constructor;

        private PreparedConstructor(StdValueInstantiator original, MethodHandle constructor) {
            super(original);
            this.constructor = constructor;
        }

        static ValueInstantiator of(StdValueInstantiator original) {
            if (!(original.getWithArgsCreator() instanceof AnnotatedConstructor creator)) {
                return original;
            }
            Constructor<?> target = creator.getAnnotated();
            try {
                MethodHandle handle = MethodHandles.publicLookup().unreflectConstructor(target)
                        .asSpreader(Object[].class, target.getParameterCount())
                        .asType(MethodType.methodType(Object.class, Object[].class));
                return new PreparedConstructor(original, handle);
            }
            catch (IllegalAccessException e) {
                return original;
            }
        }

        @Override
        public Object createFromObjectWith(DeserializationContext context, Object[] arguments) {
            try {
                return constructor.invokeExact(arguments);
            }
            catch (Error e) {
                throw e;
            }
            catch (Throwable e) {
                // as Jackson's own call does: the problem wrapped with the value's type, handlers asked first
                return context.handleInstantiationProblem(getValueClass(), arguments, rewrapCtorProblem(context, e));
            }
        }
    }
}
