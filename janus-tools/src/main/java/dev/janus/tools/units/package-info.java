/** The units tool: conversion between units of length, mass, volume, temperature and speed. */
@NullMarked
package dev.janus.tools.units;

import org.jspecify.annotations.NullMarked;
