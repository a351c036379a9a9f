package com.nlre.tenancy.events.tenant;

/** @param primaryColor and secondaryColor as {@code #rrggbb} */
public record Branding(String logoUrl, String primaryColor, String secondaryColor, String fontFamily) {
}
