package com.promo.gateway;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import com.promo.web.ProblemCode;
import com.promo.web.Problems;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code /internal/**} is for upstream systems and services only: the gateway answers 404 whatever
 * the token, before security looks at it, so the paths' existence is not revealed.
 */
class InternalPathsFilter extends OncePerRequestFilter {

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String path = RouteTable.pathOf(request);
		if (path.equals("/internal") || path.startsWith("/internal/")) {
			Problems.write(response, Problems.of(ProblemCode.NOT_FOUND, "no resource at " + path));
			return;
		}
		chain.doFilter(request, response);
	}

}
