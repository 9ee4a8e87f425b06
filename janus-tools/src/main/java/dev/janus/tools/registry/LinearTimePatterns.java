package dev.janus.tools.registry;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import com.networknt.schema.regex.RegularExpression;
import com.networknt.schema.regex.RegularExpressionFactory;

/**
 * The {@code pattern} and {@code patternProperties} of tool schemas, matched with RE2/J: in time linear in the text,
 * since the text is a model's and the pattern a (possibly hostile) MCP server's. A pattern RE2 does not support
 * (backreferences, lookaround) is not checked here, as before: the tool's server checks its own patterns.
 */
final class LinearTimePatterns implements RegularExpressionFactory {

    static final LinearTimePatterns INSTANCE = new LinearTimePatterns();

    private LinearTimePatterns() {
    }

    @Override
    public RegularExpression getRegularExpression(String regex) {
        try {
            Pattern pattern = Pattern.compile(regex);
            return value -> pattern.matcher(value).find();
        }
        catch (PatternSyntaxException e) {
            return value -> true;
        }
    }
}
