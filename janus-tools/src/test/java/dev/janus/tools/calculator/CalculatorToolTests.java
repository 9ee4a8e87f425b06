package dev.janus.tools.calculator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Map;

import dev.janus.tools.registry.ToolFailure;
import dev.janus.tools.registry.ToolInvocation;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CalculatorToolTests {

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
        void computes(String expression, String expected) {
            assertThat(CalculatorTool.format(ExpressionParser.evaluate(expression))).isEqualTo(expected);
        }

        @Test
        void keepsLargeIntegersExact() {
            assertThat(ExpressionParser.evaluate("2 ^ 64")).isEqualByComparingTo(new BigDecimal("18446744073709551616"));
        }

        @Test
        void writesVeryLargeResultsInScientificNotation() {
            assertThat(CalculatorTool.format(ExpressionParser.evaluate("10 ^ 30"))).isEqualTo("1E+30");
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
                "10 ^ 100000; too large",
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
}
