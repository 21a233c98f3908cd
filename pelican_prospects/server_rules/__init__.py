"""Server rules: route questionnaire answers on nginx, Apache and Netlify without JavaScript."""
