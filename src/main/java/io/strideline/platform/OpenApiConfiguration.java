package io.strideline.platform;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static {
        // resolved from the token, not sent by clients
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(CurrentUser.class, CurrentDevice.class);
    }

    @Bean
    OpenAPI strideline() {
        return new OpenAPI()
                .info(new Info()
                        .title("Strideline API")
                        .version("v1")
                        .description("Backend for connected fitness and IoT devices. People authenticate with a JWT "
                                + "access token (`user`); devices with an opaque `sld_` token (`device`), accepted "
                                + "only under /api/v1/device/**. Errors are RFC 9457 problem+json with a stable `code`. "
                                + "Any request may be answered 503 `overloaded` (the server is at capacity) or "
                                + "`database_unavailable`, and sign-ins 429, always with `Retry-After`: wait that "
                                + "long and send the same request again (device writes are idempotent).")
                        .license(new License().name("Apache-2.0")))
                .components(new Components()
                        .addSecuritySchemes(
                                "user",
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .bearerFormat("JWT"))
                        .addSecuritySchemes(
                                "device",
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .bearerFormat("sld_ token")))
                .addSecurityItem(new SecurityRequirement().addList("user"));
    }
}
