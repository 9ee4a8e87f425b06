package dev.janus.tools.calculator;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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
 * between threads; {@link #evaluate(String)} makes one per expression.
 */
public final class ExpressionParser {

    /** The longest expression accepted. */
    public static final int MAX_LENGTH = 1_000;

    static final MathContext PRECISION = MathContext.DECIMAL128;

    private static final int MAX_DEPTH = 100;
    private static final int MAX_EXPONENT = 9_999;
    private static final BigDecimal MAX_MAGNITUDE = new BigDecimal("1e1000");

    private final String text;
    private int position;
    private int depth;

    private ExpressionParser(String text) {
        this.text = text;
    }

    /** The value of {@code expression}; throws {@link ArithmeticException} with a readable message when it has none. */
    public static BigDecimal evaluate(String expression) {
        if (expression.length() > MAX_LENGTH) {
            throw new ArithmeticException("the expression is " + expression.length() + " characters long, more than the "
                    + MAX_LENGTH + " allowed");
        }
        String normalized = expression.replace('×', '*').replace('÷', '/').replace("**", "^").replace('−', '-');
        if (normalized.isBlank()) {
            throw new ArithmeticException("the expression is empty");
        }
        ExpressionParser parser = new ExpressionParser(normalized);
        BigDecimal value = parser.expression();
        parser.skipSpaces();
        if (parser.position < normalized.length()) {
            throw parser.unexpected();
        }
        return value;
    }

    private BigDecimal expression() {
        enter();
        BigDecimal value = term();
        while (true) {
            if (accept('+')) {
                value = checked(value.add(term(), PRECISION));
            }
            else if (accept('-')) {
                value = checked(value.subtract(term(), PRECISION));
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
                value = checked(value.multiply(unary(), PRECISION));
            }
            else if (accept('/')) {
                skipSpaces();
                int at = position;
                BigDecimal divisor = unary();
                if (divisor.signum() == 0) {
                    throw new ArithmeticException("division by zero at position " + (at + 1));
                }
                value = checked(value.divide(divisor, PRECISION));
            }
            else if (peek('%')) {
                accept('%');
                skipSpaces();
                int at = position;
                BigDecimal divisor = unary();
                if (divisor.signum() == 0) {
                    throw new ArithmeticException("remainder of a division by zero at position " + (at + 1));
                }
                value = value.remainder(divisor, PRECISION);
            }
            else {
                return value;
            }
        }
    }

    private BigDecimal unary() {
        if (accept('-')) {
            enter();
            BigDecimal value = unary().negate();
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
        return checked(raise(base, exponent, at));
    }

    private BigDecimal postfix() {
        BigDecimal value = primary();
        skipSpaces();
        // "50%" is per cent; "7 % 3" is a remainder: a '%' followed by an operand is left to term()
        if (peek('%') && !operandFollows(position + 1)) {
            position++;
            value = value.divide(BigDecimal.valueOf(100), PRECISION);
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
        if (literal.length() > 100) {
            throw new ArithmeticException("the number at position " + (start + 1) + " has more than 100 characters");
        }
        try {
            return checked(new BigDecimal(literal));
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
        return checked(Function.apply(name, arguments, start + 1));
    }

    private BigDecimal raise(BigDecimal base, BigDecimal exponent, int at) {
        if (exponent.signum() == 0) {
            return BigDecimal.ONE;
        }
        if (base.signum() == 0 && exponent.signum() < 0) {
            throw new ArithmeticException("division by zero: 0 to a negative power at position " + at);
        }
        boolean integral = exponent.stripTrailingZeros().scale() <= 0;
        if (integral && exponent.abs().compareTo(BigDecimal.valueOf(MAX_EXPONENT)) <= 0) {
            int n = exponent.intValueExact();
            BigDecimal result = base.abs().compareTo(BigDecimal.ONE) == 0 ? base.pow(Math.abs(n))
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

    private static BigDecimal checked(BigDecimal value) {
        if (value.abs().compareTo(MAX_MAGNITUDE) > 0) {
            throw new ArithmeticException("the result is too large (more than 10^1000)");
        }
        return value.abs().compareTo(BigDecimal.ONE.movePointLeft(1000)) < 0 ? BigDecimal.ZERO : value;
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
