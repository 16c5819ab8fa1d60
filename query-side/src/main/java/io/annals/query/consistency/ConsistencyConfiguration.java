package io.annals.query.consistency;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ReadYourWrites.Properties.class)
class ConsistencyConfiguration {
}
