package dev.janus.tools.calculator;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.janus.tools.ToolsProperties;

/**
 * Evaluates an arithmetic expression exactly where it can (BigDecimal, 34 significant digits): a
 * recursive-descent parser, no script engine, nothing evaluated but arithmetic. Grammar:
 * <pre>
 * expression := term (('+' | '-') term)*
 * term       := unary (('*' | '/' | '%') unary)*          '%' between operands is the remainder
 * unary      := ('-' | '+') unary | power
 * power      := postfix ('^' unary)?                       right-associative: 2^3^2 = 2^9
 * postfix    := primary '%'?                               a trailing '%' is per cent: 50% = 0.5
 * primary    := number | '(' expression ')' | constant | function '(' expression (',' expression)* ')'
 * </pre>
 * Constants {@code pi}, {@code e}; functions {@code sqrt abs round floor ceil ln log exp sin cos tan min max}
 * (angles in radians). {@code x}, {@code ×}, {@code ÷} and {@code **} are accepted for {@code *}, {@code /}
 * and {@code ^}. Errors say what and where: {@code unexpected ')' at position 7}. Instances are not shared
 * between threads; {@link #evaluate} makes one per expression.
 * <p>
 * The work is bounded by {@link ToolsProperties.Calculator}: digits of each number written, the exponent of each
 * power, digits of every result and the steps evaluated; past one, evaluation stops with a message naming the
 * limit ({@code exponent 9999 exceeds the limit 1000}). Every step checks whether the thread was interrupted, so a
 * call that timed out stops.
 */
public final class ExpressionParser {

    /** The longest expression accepted. */
    public static final int MAX_LENGTH = 1_000;

    static final MathContext PRECISION = MathContext.DECIMAL128;

    private static final int MAX_DEPTH = 100;

    private final String text;
    private final ToolsProperties.Calculator limits;
    private final BigDecimal smallest;
    private int position;
    private int depth;
    private int steps;

    private ExpressionParser(String text, ToolsProperties.Calculator limits) {
        this.text = text;
        this.limits = limits;
        this.smallest = BigDecimal.ONE.movePointLeft(limits.maxResultDigits());
    }

    /**
     * The value of {@code expression} within {@code limits}; throws {@link ArithmeticException} with a readable
     * message when it has none or would exceed a limit.
     *
     * @throws InterruptedException when the thread was interrupted while evaluating
     */
    public static BigDecimal evaluate(String expression, ToolsProperties.Calculator limits)
            throws InterruptedException {
        if (expression.length() > MAX_LENGTH) {
            throw new ArithmeticException("the expression is " + expression.length() + " characters long, more than the "
                    + MAX_LENGTH + " allowed");
        }
        String normalized = expression.replace('×', '*').replace('÷', '/').replace("**", "^").replace('−', '-');
        if (normalized.isBlank()) {
            throw new ArithmeticException("the expression is empty");
        }
        ExpressionParser parser = new ExpressionParser(normalized, limits);
        try {
            BigDecimal value = parser.expression();
            parser.skipSpaces();
            if (parser.position < normalized.length()) {
                throw parser.unexpected();
            }
            return value;
        }
        catch (Interrupted e) {
            throw new InterruptedException("the calculation was stopped");
        }
    }

    private BigDecimal expression() {
        enter();
        BigDecimal value = term();
        while (true) {
            if (accept('+')) {
                value = result(value.add(term(), PRECISION));
            }
            else if (accept('-')) {
                value = result(value.subtract(term(), PRECISION));
            }
            else {
                depth--;
                return value;
            }
        }
    }

    private BigDecimal term() {
        BigDecimal value = unary();
        while (true) {
            if (accept('*') || acceptTimesLetter()) {
                value = result(value.multiply(unary(), PRECISION));
            }
            else if (accept('/')) {
                skipSpaces();
                int at = position;
                BigDecimal divisor = unary();
                if (divisor.signum() == 0) {
                    throw new ArithmeticException("division by zero at position " + (at + 1));
                }
                value = result(value.divide(divisor, PRECISION));
            }
            else if (peek('%')) {
                accept('%');
                skipSpaces();
                int at = position;
                BigDecimal divisor = unary();
                if (divisor.signum() == 0) {
                    throw new ArithmeticException("remainder of a division by zero at position " + (at + 1));
                }
                value = result(value.remainder(divisor, PRECISION));
            }
            else {
                return value;
            }
        }
    }

    private BigDecimal unary() {
        if (accept('-')) {
            enter();
            BigDecimal value = result(unary().negate());
            depth--;
            return value;
        }
        if (accept('+')) {
            return unary();
        }
        return power();
    }

    private BigDecimal power() {
        BigDecimal base = postfix();
        if (!accept('^')) {
            return base;
        }
        int at = position;
        enter();
        BigDecimal exponent = unary();
        depth--;
        return result(raise(base, exponent, at));
    }

    private BigDecimal postfix() {
        BigDecimal value = primary();
        skipSpaces();
        // "50%" is per cent; "7 % 3" is a remainder: a '%' followed by an operand is left to term()
        if (peek('%') && !operandFollows(position + 1)) {
            position++;
            value = result(value.divide(BigDecimal.valueOf(100), PRECISION));
        }
        return value;
    }

    private BigDecimal primary() {
        skipSpaces();
        if (position >= text.length()) {
            throw new ArithmeticException("unexpected end of the expression: a number is missing at position "
                    + (position + 1));
        }
        char c = text.charAt(position);
        if (c == '(') {
            position++;
            BigDecimal value = expression();
            expect(')');
            return value;
        }
        if (Character.isDigit(c) || c == '.') {
            return number();
        }
        if (Character.isLetter(c)) {
            return nameOrFunction();
        }
        throw unexpected();
    }

    private BigDecimal number() {
        int start = position;
        while (position < text.length() && (Character.isDigit(text.charAt(position)) || text.charAt(position) == '.'
                || text.charAt(position) == ',' && isThousands(position))) {
            position++;
        }
        if (position < text.length() && (text.charAt(position) == 'e' || text.charAt(position) == 'E')
                && position + 1 < text.length() && (Character.isDigit(text.charAt(position + 1))
                        || (text.charAt(position + 1) == '-' || text.charAt(position + 1) == '+')
                                && position + 2 < text.length() && Character.isDigit(text.charAt(position + 2)))) {
            position += 2;
            while (position < text.length() && Character.isDigit(text.charAt(position))) {
                position++;
            }
        }
        String literal = text.substring(start, position).replace(",", "");
        long digits = literal.chars().takeWhile(c -> c != 'e' && c != 'E').filter(Character::isDigit).count();
        if (digits > limits.maxOperandDigits()) {
            throw new ArithmeticException("operand of " + digits + " digits at position " + (start + 1)
                    + " exceeds the limit " + limits.maxOperandDigits());
        }
        try {
            return result(new BigDecimal(literal));
        }
        catch (NumberFormatException e) {
            throw new ArithmeticException("'" + literal + "' at position " + (start + 1) + " is not a number");
        }
    }

    /** A comma that groups thousands ("1,000") rather than separating function arguments. */
    private boolean isThousands(int comma) {
        int digits = 0;
        int i = comma + 1;
        while (i < text.length() && Character.isDigit(text.charAt(i))) {
            digits++;
            i++;
        }
        return digits == 3 && (i == text.length() || !Character.isDigit(text.charAt(i)));
    }

    private BigDecimal nameOrFunction() {
        int start = position;
        while (position < text.length() && Character.isLetterOrDigit(text.charAt(position))) {
            position++;
        }
        String name = text.substring(start, position).toLowerCase(Locale.ROOT);
        switch (name) {
            case "pi":
                return new BigDecimal("3.141592653589793238462643383279503");
            case "e":
                return new BigDecimal("2.718281828459045235360287471352662");
            default:
                break;
        }
        if (!Function.isKnown(name)) {
            throw new ArithmeticException("unknown name '" + name + "' at position " + (start + 1)
                    + "; known are the functions " + Function.NAMES + " and the constants pi and e");
        }
        expect('(');
        List<BigDecimal> arguments = new ArrayList<>();
        arguments.add(expression());
        while (accept(',')) {
            arguments.add(expression());
        }
        expect(')');
        return result(Function.apply(name, arguments, start + 1));
    }

    private BigDecimal raise(BigDecimal base, BigDecimal exponent, int at) {
        if (exponent.abs().compareTo(BigDecimal.valueOf(limits.maxExponent())) > 0) {
            throw new ArithmeticException("exponent " + readable(exponent) + " exceeds the limit "
                    + limits.maxExponent());
        }
        if (exponent.signum() == 0) {
            return BigDecimal.ONE;
        }
        if (base.signum() == 0 && exponent.signum() < 0) {
            throw new ArithmeticException("division by zero: 0 to a negative power at position " + at);
        }
        if (exponent.stripTrailingZeros().scale() <= 0) {
            int n = exponent.intValueExact();
            // repeated squaring: one multiplication (two at most) per bit of the exponent
            step(32 - Integer.numberOfLeadingZeros(Math.abs(n)));
            // ±1 stays exact whatever the power (1.000 to the 9999th is 1, not 1 with 30,000 zeros)
            BigDecimal result = base.abs().compareTo(BigDecimal.ONE) == 0
                    ? (base.signum() < 0 && n % 2 != 0 ? BigDecimal.ONE.negate() : BigDecimal.ONE)
                    : base.pow(Math.abs(n), PRECISION);
            return n < 0 ? BigDecimal.ONE.divide(result, PRECISION) : result;
        }
        double value = Math.pow(base.doubleValue(), exponent.doubleValue());
        if (Double.isNaN(value)) {
            throw new ArithmeticException("a negative number to a fractional power has no real value (position " + at
                    + ")");
        }
        if (Double.isInfinite(value)) {
            throw new ArithmeticException("the result is too large");
        }
        return new BigDecimal(value, MathContext.DECIMAL64);
    }

    /** One step's result: counted, checked against the digit limit, and zero when smaller than it can tell. */
    private BigDecimal result(BigDecimal value) {
        step(1);
        int digits = Math.max(value.precision(), value.precision() - value.scale());
        if (digits > limits.maxResultDigits()) {
            throw new ArithmeticException("result of " + digits + " digits exceeds the limit "
                    + limits.maxResultDigits());
        }
        return value.signum() != 0 && value.abs().compareTo(smallest) < 0 ? BigDecimal.ZERO : value;
    }

    private void step(int count) {
        steps += count;
        if (steps > limits.maxSteps()) {
            throw new ArithmeticException("evaluation steps exceed the limit " + limits.maxSteps());
        }
        if (Thread.interrupted()) {
            throw new Interrupted();
        }
    }

    /** A number in a message: in full when short, else in scientific notation. */
    private static String readable(BigDecimal value) {
        return value.precision() - value.scale() <= 20 && value.scale() <= 20 ? value.toPlainString()
                : value.round(new MathContext(6)).toString();
    }

    private void enter() {
        if (++depth > MAX_DEPTH) {
            throw new ArithmeticException("the expression nests deeper than " + MAX_DEPTH + " levels");
        }
    }

    private boolean accept(char expected) {
        skipSpaces();
        if (position < text.length() && text.charAt(position) == expected) {
            position++;
            return true;
        }
        return false;
    }

    /** "3 x 4": an {@code x} standing alone between operands means times. */
    private boolean acceptTimesLetter() {
        skipSpaces();
        if (position < text.length() && (text.charAt(position) == 'x' || text.charAt(position) == 'X')
                && operandFollows(position + 1)) {
            position++;
            return true;
        }
        return false;
    }

    private boolean peek(char expected) {
        skipSpaces();
        return position < text.length() && text.charAt(position) == expected;
    }

    private boolean operandFollows(int from) {
        int i = from;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        if (i >= text.length()) {
            return false;
        }
        char c = text.charAt(i);
        return Character.isDigit(c) || c == '.' || c == '(' || Character.isLetter(c);
    }

    private void expect(char expected) {
        if (!accept(expected)) {
            if (position >= text.length()) {
                throw new ArithmeticException("unexpected end of the expression: '" + expected + "' is missing");
            }
            throw new ArithmeticException("expected '" + expected + "' at position " + (position + 1) + " but found '"
                    + text.charAt(position) + "'");
        }
    }

    /** Unwinds the recursion when the thread was interrupted; {@link #evaluate} turns it into InterruptedException. */
    private static final class Interrupted extends RuntimeException {

        Interrupted() {
            super(null, null, false, false);
        }
    }

    private ArithmeticException unexpected() {
        skipSpaces();
        if (position >= text.length()) {
            return new ArithmeticException("unexpected end of the expression");
        }
        return new ArithmeticException("unexpected '" + text.charAt(position) + "' at position " + (position + 1));
    }

    private void skipSpaces() {
        while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
            position++;
        }
    }

    /** The functions an expression may call. */
    private static final class Function {

        static final List<String> NAMES = List.of("sqrt", "abs", "round", "floor", "ceil", "ln", "log", "exp", "sin",
                "cos", "tan", "min", "max");

        static boolean isKnown(String name) {
            return NAMES.contains(name);
        }

        static BigDecimal apply(String name, List<BigDecimal> arguments, int at) {
            if (!name.equals("min") && !name.equals("max") && !name.equals("round") && arguments.size() != 1) {
                throw new ArithmeticException(name + " at position " + at + " takes one argument, but got "
                        + arguments.size());
            }
            BigDecimal x = arguments.get(0);
            switch (name) {
                case "sqrt":
                    if (x.signum() < 0) {
                        throw new ArithmeticException("the square root of a negative number (" + x.toPlainString()
                                + ") has no real value");
                    }
                    return x.sqrt(PRECISION);
                case "abs":
                    return x.abs();
                case "round":
                    if (arguments.size() > 2) {
                        throw new ArithmeticException("round takes a number and optionally the decimals to keep");
                    }
                    int decimals = arguments.size() == 2 ? arguments.get(1).intValue() : 0;
                    return x.setScale(Math.max(-100, Math.min(100, decimals)), RoundingMode.HALF_UP);
                case "floor":
                    return x.setScale(0, RoundingMode.FLOOR);
                case "ceil":
                    return x.setScale(0, RoundingMode.CEILING);
                case "ln":
                case "log":
                    if (x.signum() <= 0) {
                        throw new ArithmeticException("the logarithm of " + x.toPlainString() + " is undefined");
                    }
                    return real(name.equals("ln") ? Math.log(x.doubleValue()) : Math.log10(x.doubleValue()));
                case "exp":
                    return real(Math.exp(x.doubleValue()));
                case "sin":
                    return real(Math.sin(x.doubleValue()));
                case "cos":
                    return real(Math.cos(x.doubleValue()));
                case "tan":
                    return real(Math.tan(x.doubleValue()));
                case "min":
                    return arguments.stream().min(BigDecimal::compareTo).orElseThrow();
                case "max":
                    return arguments.stream().max(BigDecimal::compareTo).orElseThrow();
                default:
                    throw new ArithmeticException("unknown function '" + name + "'");
            }
        }

        private static BigDecimal real(double value) {
            if (Double.isNaN(value) || Double.isInfinite(value)) {
                throw new ArithmeticException("the result is too large or undefined");
            }
            return new BigDecimal(value, MathContext.DECIMAL64);
        }
    }
}
