/** What every Janus service's HTTP edge shares: the error body and security. */
@NullMarked
package dev.janus.web;

import org.jspecify.annotations.NullMarked;
