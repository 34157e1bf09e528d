{{/* Name of the release's objects: <release>-floorwatch, or the release name when it already says floorwatch. */}}
{{- define "floorwatch.fullname" -}}
{{- if contains "floorwatch" .Release.Name -}}
{{- .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-floorwatch" .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "floorwatch.labels" -}}
app.kubernetes.io/part-of: floorwatch
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{/* Selector of one service's pods; call with (dict "root" $ "svc" $svc). */}}
{{- define "floorwatch.selector" -}}
app.kubernetes.io/name: {{ .svc.name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{- define "floorwatch.serviceName" -}}
{{- printf "%s-%s" (include "floorwatch.fullname" .root) .svc.name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "floorwatch.operatorSecret" -}}
{{- default (printf "%s-operator" (include "floorwatch.fullname" .)) .Values.operatorToken.existingSecret -}}
{{- end -}}

{{- define "floorwatch.url" -}}
{{- if . }}https://{{ . }}{{ end -}}
{{- end -}}
