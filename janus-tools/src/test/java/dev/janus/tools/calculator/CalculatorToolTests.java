package dev.janus.tools.calculator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Map;

import dev.janus.tools.ToolsProperties;
import dev.janus.tools.registry.ToolFailure;
import dev.janus.tools.registry.ToolInvocation;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CalculatorToolTests {

    private static final ToolsProperties.Calculator LIMITS = ToolsProperties.Calculator.defaults();

    private final CalculatorTool calculator = new CalculatorTool();

    private String calculate(String expression) throws Exception {
        return calculator.execute(ToolInvocation.of(Map.of("expression", expression)));
    }

    @Nested
    class Evaluates {

        @Test
        void answersWithTheExpressionAndItsValue() throws Exception {
            assertThat(calculate("17 * 23")).isEqualTo("17 * 23 = 391");
        }

        @ParameterizedTest(name = "{0} = {1}")
        @CsvSource(delimiter = ';', value = {
                "1 + 2 * 3; 7",
                "(1 + 2) * 3; 9",
                "10 / 4; 2.5",
                "2 ^ 10; 1024",
                "2 ^ 3 ^ 2; 512",
                "-2 ^ 2; -4",
                "(-2) ^ 2; 4",
                "--3; 3",
                "7 % 3; 1",
                "50%; 0.5",
                "15 / 100 * 80; 12",
                "0.1 + 0.2; 0.3",
                "1 / 3; 0.3333333333333333",
                "2 ^ -2; 0.25",
                "sqrt(144); 12",
                "abs(-5.5); 5.5",
                "round(2.567, 2); 2.57",
                "max(3, 9, 4); 9",
                "floor(-1.5); -2",
                "3 x 4; 12",
                "6 × 7; 42",
                "8 ÷ 2; 4",
                "2 ** 8; 256",
                "1,000 * 3; 3000",
                "1e3 + 1; 1001",
                "2 * pi; 6.283185307179586",
                "100 - 58; 42"
        })
        void computes(String expression, String expected) throws Exception {
            assertThat(CalculatorTool.format(ExpressionParser.evaluate(expression, LIMITS))).isEqualTo(expected);
        }

        @Test
        void keepsLargeIntegersExact() throws Exception {
            assertThat(ExpressionParser.evaluate("2 ^ 64", LIMITS))
                    .isEqualByComparingTo(new BigDecimal("18446744073709551616"));
        }

        @Test
        void writesVeryLargeResultsInScientificNotation() throws Exception {
            assertThat(CalculatorTool.format(ExpressionParser.evaluate("10 ^ 30", LIMITS))).isEqualTo("1E+30");
        }

        @Test
        void raisesOneToAnyPowerWithoutGrowingItsDigits() throws Exception {
            // once this wrote out 1.000… with a million digits, for seconds of CPU
            assertThat(calculate("round(1, 100) ^ 999")).isEqualTo("round(1, 100) ^ 999 = 1");
            assertThat(calculate("round(-1, 100) ^ 999")).isEqualTo("round(-1, 100) ^ 999 = -1");
        }
    }

    @Nested
    class Refuses {

        @ParameterizedTest(name = "{0}: {1}")
        @CsvSource(delimiter = ';', quoteCharacter = '"', value = {
                "1 / 0; division by zero at position 5",
                "1 / (2 - 2); division by zero",
                "5 % 0; remainder of a division by zero",
                "(1 + 2)) * 3; unexpected ')' at position 8",
                "(1 + 2; ')' is missing",
                "1 +; unexpected end of the expression",
                "2 $ 3; unexpected '$' at position 3",
                "foo(2); unknown name 'foo' at position 1",
                "sqrt(-4); square root of a negative number",
                "(-8) ^ 0.5; has no real value",
                "10 ^ 100000; exponent 100000 exceeds the limit 1000",
                "ln(0); logarithm of 0 is undefined"
        })
        void withAReasonThatSaysWhatAndWhere(String expression, String reason) {
            assertThatThrownBy(() -> calculate(expression)).isInstanceOf(ToolFailure.class)
                    .hasMessageContaining(reason).satisfies(e -> assertThat(((ToolFailure) e).faultOfTool()).isFalse());
        }

        @Test
        void expressionsLongerThanTheLimit() {
            assertThatThrownBy(() -> calculate("1+".repeat(600) + "1")).isInstanceOf(ToolFailure.class)
                    .hasMessageContaining("more than the 1000 allowed");
        }

        @Test
        void nestingDeeperThanTheLimit() {
            assertThatThrownBy(() -> calculate("(".repeat(300) + "1" + ")".repeat(300)))
                    .isInstanceOf(ToolFailure.class).hasMessageContaining("nests deeper");
        }

        @Test
        void anythingThatIsNotArithmetic() {
            assertThatThrownBy(() -> calculate("java.lang.Runtime.getRuntime().exec('ls')"))
                    .isInstanceOf(ToolFailure.class).hasMessageContaining("unknown name 'java'");
        }
    }

    @Nested
    class Limits {

        @Test
        void anExponentPastTheLimit() {
            assertThatThrownBy(() -> calculate("round(1, 100)^9999")).isInstanceOf(ToolFailure.class)
                    .hasMessage("cannot calculate 'round(1, 100)^9999': exponent 9999 exceeds the limit 1000");
            assertThatThrownBy(() -> calculate("2 ^ -1e9")).hasMessageEndingWith(
                    "exponent -1000000000 exceeds the limit 1000");
            assertThatThrownBy(() -> calculate("2 ^ 1e40")).hasMessageEndingWith("exponent 1E+40 exceeds the limit 1000");
        }

        @Test
        void anOperandWithMoreDigitsThanTheLimit() {
            assertThatThrownBy(() -> calculate("1 + 0." + "3".repeat(100))).isInstanceOf(ToolFailure.class)
                    .hasMessageEndingWith("operand of 101 digits at position 5 exceeds the limit 100");
        }

        @Test
        void aResultWithMoreDigitsThanTheLimit() {
            assertThatThrownBy(() -> calculate("10 ^ 999 * 100")).isInstanceOf(ToolFailure.class)
                    .hasMessageEndingWith("result of 1002 digits exceeds the limit 1000");
            assertThatThrownBy(() -> calculate("round(1e999, 100)")).hasMessageEndingWith(
                    "result of 1100 digits exceeds the limit 1000");
        }

        @Test
        void moreStepsThanTheLimit() {
            CalculatorTool small = new CalculatorTool(new ToolsProperties.Calculator(null, null, null, 100));
            assertThatThrownBy(() -> small.execute(ToolInvocation.of(Map.of("expression", "1" + "+1".repeat(60)))))
                    .isInstanceOf(ToolFailure.class).hasMessageEndingWith("evaluation steps exceed the limit 100");
        }

        @Test
        void limitsThatAreConfigured() throws Exception {
            CalculatorTool generous = new CalculatorTool(new ToolsProperties.Calculator(200, 5_000, 5_000, null));
            assertThat(generous.execute(ToolInvocation.of(Map.of("expression", "2 ^ 4000"))))
                    .startsWith("2 ^ 4000 = 1.318204093");
        }

        @Test
        void stopsWhenItsThreadIsInterrupted() {
            // given: a timeout or cancellation interrupted the call's thread
            Thread.currentThread().interrupt();
            try {
                // when / then
                assertThatThrownBy(() -> calculate("1 + 2")).isInstanceOf(InterruptedException.class)
                        .hasMessage("the calculation was stopped");
                assertThat(Thread.currentThread().isInterrupted()).isFalse();
            }
            finally {
                Thread.interrupted();
            }
        }

        @Test
        void reportsThatItStopsWhenInterrupted() {
            assertThat(calculator.stopsWhenInterrupted()).isTrue();
        }
    }
}
